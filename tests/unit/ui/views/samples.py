"""Small made-up award records shared by the view tests (institution b: a 2021 award renewed in 2022)."""

import pandas as pd


def awards() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "b", "c", None],
            "award_year": [2025, 2021, 2022, 2021, 2025],
            "expiry_year": [2028, 2024, 2025, 2024, 2028],
            "status": ["awarded", "awarded", "renewed", "awarded", "awarded"],
        }
    )
