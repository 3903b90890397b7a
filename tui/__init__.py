"""okr-checkin's terminal side: the click CLI, the Textual app, screens and widgets."""
