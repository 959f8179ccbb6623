"""Readers of the public benchmark instances: hub location (CAB, AP), vehicle routing.

Readers only: the problem types they return live beside their solvers
(``multimodal.hub_location.HubInstance``, ...).
"""
