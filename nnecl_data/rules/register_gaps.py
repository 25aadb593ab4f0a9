"""What the institution register does not hold, and why: shown wherever the register is counted (the
Institutions and methods pages), so a reader knows a count is a count of what the register holds.

These describe how the ingest (nnecl_data/ingest/institutions.py) builds the register from the official
lists; they live here, not in the ingest, so the running app reads them without importing ingest code.
Change them together with the ingest.
"""

KNOWN_GAPS = [
    "Sixth form colleges that converted to 16-19 academies (for example Oldham Sixth Form College) are not in "
    "DfE's list of statutory further education corporations, so most are missing from the register and awards "
    "to them stay unmatched; the few that publish higher education courses in Discover Uni (Ashton Sixth Form "
    "College, City of Stoke-on-Trent Sixth Form College) are in it as sixth form colleges.",
    "A few schools and colleges that publish higher education courses in Discover Uni but are in neither DfE's "
    "college list nor HESA's (for example Strode College, Bodmin College) are typed as other higher education "
    "providers: no file the project holds says which kind of college they are.",
    "School sixth forms, sixth-form centres and independent training providers without higher education "
    "courses are not in the register.",
    "The university list is HESA's pre-2024 list of English higher education institutions: it still holds "
    "providers that have since merged (for example Writtle University College, St George's, University of "
    "London) and lacks some private universities, which appear as other_he when Discover Uni lists them.",
    "Other higher education providers are those publishing undergraduate course data in Discover Uni 2025; "
    "providers without such courses are not in the register.",
    "Colleges are located by the centroid of their main postcode district, not their exact address or their "
    "other campuses: a college near a boundary may be placed in the neighbouring local authority.",
    "College postcodes from the 2018/19 performance tables and the 2018 OfS Register pre-date later "
    "mergers; the surviving corporation's old main site is used.",
    "Russell Group membership comes from a member university's published list of the 24 members (Queen's "
    "University Belfast); the register covers England only, so 20 of the 24 are in it.",
]
