"""Statistics of the published counts."""


def median_from_counts(counts: dict[int, int]) -> float | None:
    """The median of a distribution given as value -> count (the counts come from the database)."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(position: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > position:
                return value
        raise ValueError(position)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2
