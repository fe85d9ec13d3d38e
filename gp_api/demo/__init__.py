"""The historical demo data set (`gp-api seed --demo`) and its loader."""
