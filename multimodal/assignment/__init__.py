"""Assigning a freight demand to the capacitated network (min-cost multi-commodity flow)."""
