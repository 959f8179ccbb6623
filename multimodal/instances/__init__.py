"""Readers for the public benchmark instances (CAB, AP, VRPLIB, Solomon)."""
