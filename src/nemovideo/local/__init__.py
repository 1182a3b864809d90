"""The local backend: the NemoVideo API on loopback, in layers (docs/architecture.md).

`web` (HTTP, Starlette) -> `usecases` (chat turn, URL uploads, composition root) -> `store` (SQLite) and
`workers` (render workers) -> `agent` (the editing agent) and `render` (the ffmpeg engine). `config` and `probe`
are leaves every layer may read. tests/test_architecture.py keeps the imports pointing this way.
"""
