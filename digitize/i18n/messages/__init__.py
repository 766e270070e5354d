"""Message catalog areas; each module defines ``MESSAGES``."""
