"""Pure parts of the evidence pack view."""

from nnecl_data.config import DEFAULT_COMBINED_AUTHORITY
from nnecl_data.ui.views import evidence_pack as views


def test_types_caption_names_the_chosen_types_or_says_all():
    assert views.types_caption(()).endswith("; all types are included.")
    assert views.types_caption(("university", "other_he")).endswith("; University, Other HE provider.")


def test_default_combined_authority_is_greater_manchester_when_offered():
    assert views.default_combined_authority({"E47000004": "L", DEFAULT_COMBINED_AUTHORITY: "GM"}) == (
        DEFAULT_COMBINED_AUTHORITY
    )
    assert views.default_combined_authority({"E47000004": "Liverpool City Region"}) == "E47000004"
