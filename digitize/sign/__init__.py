"""Certified copies: the stamp, PAdES signing, verification. The only package that touches pyHanko."""
