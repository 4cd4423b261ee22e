# Workflow of the god och nära vård compendium:
# sources -> validated tidy tables -> model results -> executed chapters -> book (HTML + PDF).
# `snakemake -n` lists the plan; `snakemake --cores 2` builds everything (see README).

from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "config/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/trends.smk"
include: "workflow/rules/variance.smk"
include: "workflow/rules/resources.smk"
include: "workflow/rules/assignment.smk"
include: "workflow/rules/ledger.smk"
include: "workflow/rules/findings.smk"
include: "workflow/rules/publishing.smk"
include: "workflow/rules/chapters.smk"
include: "workflow/rules/regions.smk"
include: "workflow/rules/book.smk"


rule all:
    default_target: True
    input:
        TIDY_TABLES,
        BOOK_PUBLISHED,
