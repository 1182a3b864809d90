"""The skill's behaviour, independent of MCP: routing, chat turns, GUI-speak translation, export."""
