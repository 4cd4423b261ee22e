"""Each region's profile series beside Riket and the regions' range -> region pages and explorer."""

from analysis.config import log_to
from analysis.regional import profile_series
from analysis.registry import load_registry
from analysis.schemas import regions as S
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
series = profile_series(
    read_split(sm.input.kolada), load_registry(sm.input.registry), int(sm.params.min_regions)
)
print(f"{series['indicator'].nunique()} indicators, {len(series)} region-year values")
write_result(series, sm.output[0], S.SERIES)
