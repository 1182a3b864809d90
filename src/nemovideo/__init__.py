"""nemovideo: make and edit videos by chatting, through MCP, a CLI or an agent skill."""

__version__ = "0.1.0"
