"""songngu's test suite; a package so tests can ``from tests.tinymodels import MEMORISED_PAIRS``."""
