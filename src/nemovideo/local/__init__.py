"""The local backend: the NemoVideo agent API on loopback, with SQLite and an ffmpeg renderer."""
