"""The MCP App: a page hosts render beside the video tools (page.py), the media it plays (media.py), and the
negotiation that keeps it from hosts that do not render apps (negotiation.py)."""
