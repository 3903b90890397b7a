"""Textual themes and the app's stylesheet. Imports only textual."""
