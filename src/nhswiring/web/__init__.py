"""The web app: server-rendered pages and drawings."""
