"""Certified copies: the stamp, PAdES signing, verification. The only package touching pyHanko."""
