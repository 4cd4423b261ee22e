"""Analysis package of the *god och nära vård* research compendium.

One module per job: ``sources`` read and tidy the data, ``validation`` checks it,
``trends``, ``variance``, ``funnel`` and ``resources`` fit the models, ``figures`` and
``provenance`` prepare what the chapters show. Snakemake rules call these functions;
chapters only read their results.
"""

__version__ = "0.1.0"
