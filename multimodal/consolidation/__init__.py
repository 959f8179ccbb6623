"""Block-train consolidation (CP-SAT) and first-mile collection (vehicle routing)."""
