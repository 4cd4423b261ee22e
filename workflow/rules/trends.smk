# Trend models for access, continuity and trust (chapter 14): logit-scale GLMs with a
# pandemic shift and a post-reform slope change (analysis/trends.py), the verdict rule, the
# trust gap and pandemic contrasts, and the report's survey points with intervals.

TRENDS_REGISTRY = config["data"]["registry"]
TRENDS_FIGURES = "data-raw/figure_status_kap14.csv"

# Kolada indicators modelled nationally, pooled over regions and region by region.
TRENDS_KOLADA = {
    "access": ["U70449", "U70450", "N79179", "N79173"],
    "trust": ["U70447", "U70446", "U71458"],
}

# Vården i siffror series (2019 export): older Vårdbarometern series with denominators
# (before the 2016 method change) and the NPE dimension "kontinuitet och samordning" by län.
TRENDS_VIS = {
    "vis:stort_fortroende_for_vardcentraler": {
        "name_sv": "Stort förtroende för vårdcentraler (Vårdbarometern)",
        "family": "trust",
        "direction": "higher_better",
        "counts": True,
    },
    "vis:upplevd_rimlig_vantetid_till_vardcentral": {
        "name_sv": "Rimlig väntetid till vårdcentral (Vårdbarometern)",
        "family": "access",
        "direction": "higher_better",
        "counts": True,
    },
    "vis:positiv_upplevelse_av_kontinuitet_och_samordning_hos_patienter_som_besokt_en_primarvardsmottagning": {
        "name_sv": "Positiv upplevelse av kontinuitet och samordning (NPE, primärvård)",
        "family": "continuity",
        "direction": "higher_better",
        "counts": False,
    },
}

# Panel waves the report judges pandemic-affected (001 §14.1.2): left out in the
# sensitivity model of the panel series.
TRENDS_PANDEMIC_WAVES = [2020, 2022]

# Shares with a fast läkare from different instruments (instrument comparison) and the target.
TRENDS_FAST_LAKARE = [
    {
        "report": "001",
        "element": "Fig 41",
        "series": "has_regular_doctor_vc",
        "instrument": "",
        "n_instrument": "",
        "kind": "enkät",
    },
    {
        "report": "001",
        "element": "Fig 47",
        "series": "has_ordinary_doctor_65plus",
        "instrument": "IHP 65+ (ordinarie läkare)",
        "n_instrument": "IHP 65+",
        "kind": "enkät",
    },
    {
        "report": "001",
        "element": "P03",
        "series": "has_regular_doctor",
        "instrument": "Befolkningen (kap. 1, ungefärligt)",
        "n_instrument": "",
        "kind": "enkät",
    },
    {
        "report": "004",
        "element": "P05",
        "series": "fast_lakarkontakt_voo_population_panel",
        "instrument": "Befolkningspanel 2022",
        "n_instrument": "",
        "kind": "enkät",
    },
    {
        "report": "004",
        "element": "P01",
        "series": "fast_lakarkontakt_unweighted_mean",
        "instrument": "Regionernas uppgifter (ovägt medel)",
        "n_instrument": "",
        "kind": "regionernas uppgifter",
    },
    {
        "report": "004",
        "element": "Tabell 1",
        "series": "fast_lakarkontakt",
        "instrument": "Regionernas uppgifter (per region)",
        "n_instrument": "",
        "kind": "regionernas uppgifter",
    },
]
TRENDS_TARGET = {"report": "004", "element": "P01", "series": "goal_fast_lakarkontakt"}


rule trends_models:
    input:
        kolada="results/tidy/kolada.parquet",
        vis="results/tidy/vis.parquet",
        report="results/tidy/report_values.parquet",
        figures=TRENDS_FIGURES,
        registry=TRENDS_REGISTRY,
        code="analysis/trends.py",
    output:
        estimates="results/trends/estimates.parquet",
        fitted="results/trends/fitted.parquet",
        verdicts="results/trends/verdicts.parquet",
    log:
        "logs/trends_models.log",
    params:
        models=config["models"],
        kolada=TRENDS_KOLADA,
        vis=TRENDS_VIS,
        pandemic_waves=TRENDS_PANDEMIC_WAVES,
    script:
        "../scripts/trends_models.py"


rule trends_trust:
    input:
        kolada="results/tidy/kolada.parquet",
        code="analysis/trends.py",
    output:
        gap="results/trends/trust_gap.parquet",
        contrasts="results/trends/year_contrasts.parquet",
    log:
        "logs/trends_trust.log",
    params:
        models=config["models"],
        hospital="U70446",
        primary_care="U71458",
        ids=TRENDS_KOLADA["trust"] + ["U70449", "U70450"],
    script:
        "../scripts/trends_trust.py"


rule trends_points:
    input:
        report="results/tidy/report_values.parquet",
        figures=TRENDS_FIGURES,
        code="analysis/trends.py",
    output:
        panel="results/trends/panel_points.parquet",
        instruments="results/trends/fast_lakare_instruments.parquet",
        targets="results/trends/continuity_targets.parquet",
        status="results/trends/figure_status.parquet",
    log:
        "logs/trends_points.log",
    params:
        models=config["models"],
        fast_lakare=TRENDS_FAST_LAKARE,
        target=TRENDS_TARGET,
    script:
        "../scripts/trends_points.py"
