-- Warehouse DDL: the single source of truth for the canonical record (DESIGN section 2).
-- Multi-valued fields are LIST columns (VARCHAR[]) everywhere; culture ratings, whose
-- dimensions are configurable, are a list of (dimension, rating) in interviews.culture,
-- and the view culture_ratings gives them one row per rating.

CREATE TABLE IF NOT EXISTS warehouse_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- One row per exploratory interview, with every canonical field as recorded in that
-- interview (candidate fields included, so anonymous responses count in every aggregate).
CREATE TABLE IF NOT EXISTS interviews (
    interview_id                VARCHAR NOT NULL,    -- unique: the ETL's identity rules
    candidate_id                VARCHAR,             -- keyed (etl.identity); NULL = anonymous
    interview_date              DATE NOT NULL,
    interviewer                 VARCHAR,
    department                  VARCHAR,
    role_title                  VARCHAR NOT NULL,
    role_family                 VARCHAR,
    seniority                   VARCHAR,
    format                      VARCHAR,
    duration_min                INTEGER,
    source                      VARCHAR,
    comp_raw                    VARCHAR,
    comp_min                    DOUBLE,
    comp_max                    DOUBLE,
    comp_currency               VARCHAR,
    comp_period                 VARCHAR,
    comp_min_annual             DOUBLE,              -- in the base currency (warehouse_info)
    comp_max_annual             DOUBLE,
    comp_mid_annual             DOUBLE,
    work_arrangement            VARCHAR,
    office_days                 INTEGER,
    flexible_hours              BOOLEAN,
    travel                      VARCHAR,
    relocation                  VARCHAR,
    benefits                    VARCHAR[],
    expected_years_to_promotion DOUBLE,
    culture                     STRUCT(dimension VARCHAR, rating DOUBLE)[],  -- ratings 1-5, one per dimension
    question_topics             VARCHAR[],
    questions_text              VARCHAR,
    full_name                   VARCHAR,
    email                       VARCHAR,
    phone                       VARCHAR,
    linkedin_url                VARCHAR,
    city                        VARCHAR,             -- canonical (data/reference/city_aliases.csv)
    region                      VARCHAR,
    country                     VARCHAR,             -- ISO 3166 alpha-2
    current_title               VARCHAR,
    current_employer            VARCHAR,
    years_experience            DOUBLE,
    career_stage                VARCHAR,
    skills                      VARCHAR[],
    available_from              DATE,
    consent_to_contact          BOOLEAN,
    consent_date                DATE,
    referred_by                 VARCHAR,
    fit_score                   DOUBLE,
    interest_level              DOUBLE,
    credentials                 VARCHAR,
    pool_status                 VARCHAR,
    tags                        VARCHAR[],
    notes                       VARCHAR,
    extra                       JSON,                -- every unmapped source column, by header
    content_hash                VARCHAR NOT NULL,    -- hash of the normalised content: update detection
    source_file                 VARCHAR,
    source_row                  INTEGER,
    first_run_id                INTEGER,
    last_run_id                 INTEGER,
    city_raw                    VARCHAR              -- the city as written (white space folded)
);

-- Every version of every interview ever stored: a row equal to any of them is a duplicate,
-- so re-loading an old export never reverts newer edits and never counts as an update.
CREATE TABLE IF NOT EXISTS interview_versions (
    interview_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    run_id       INTEGER NOT NULL
);

-- One row per culture rating, with the interview's filter and group columns, so the culture
-- page filters and groups ratings without a join (the ratings live in interviews.culture:
-- writing ~8 narrow rows per interview cost a 1M-row load more than the rest of its writes).
CREATE OR REPLACE VIEW culture_ratings AS
SELECT interview_id, r.dimension, r.rating, interview_date, role_family, seniority, department,
       country, city, career_stage, source, format
FROM (SELECT interview_id, unnest(culture) AS r, interview_date, role_family, seniority, department,
             country, city, career_stage, source, format
      FROM interviews);

-- The name the culture queries look for (insights/queries/culture.py).
CREATE OR REPLACE VIEW culture_facts AS SELECT * FROM culture_ratings;

-- Latest known state of each identified candidate, rebuilt from interviews by every load.
CREATE TABLE IF NOT EXISTS candidates (
    candidate_id         VARCHAR NOT NULL,        -- unique
    full_name            VARCHAR,
    email                VARCHAR,
    phone                VARCHAR,
    linkedin_url         VARCHAR,
    city                 VARCHAR,
    region               VARCHAR,
    country              VARCHAR,
    current_title        VARCHAR,
    current_employer     VARCHAR,
    years_experience     DOUBLE,
    career_stage         VARCHAR,
    skills               VARCHAR[],
    available_from       DATE,
    consent_to_contact   BOOLEAN,
    consent_date         DATE,
    referred_by          VARCHAR,
    referred_by_candidate_id VARCHAR,
    role_family          VARCHAR,
    seniority            VARCHAR,
    role_title           VARCHAR,
    work_arrangement     VARCHAR,
    relocation           VARCHAR,
    comp_min_annual      DOUBLE,
    comp_max_annual      DOUBLE,
    comp_mid_annual      DOUBLE,
    fit_score            DOUBLE,
    interest_level       DOUBLE,
    credentials          VARCHAR,
    pool_status          VARCHAR,
    tags                 VARCHAR[],
    notes                VARCHAR,
    first_interview_date DATE,
    last_interview_date  DATE,
    interview_count      INTEGER,
    consent_source       VARCHAR,                 -- the file the latest consent answer came from
    consent_run_id       INTEGER                  -- and the load run that read it
);

CREATE TABLE IF NOT EXISTS fx_rates (
    currency      VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    units_per_usd DOUBLE NOT NULL,                   -- yearly average: units of currency for 1 USD
    PRIMARY KEY (currency, year)
);

CREATE TABLE IF NOT EXISTS role_families (
    keyword     VARCHAR NOT NULL,                    -- lower-case word or phrase found in a title
    role_family VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS salary_bands (
    band_id     VARCHAR PRIMARY KEY,
    role_family VARCHAR NOT NULL,
    seniority   VARCHAR NOT NULL,
    country     VARCHAR NOT NULL,
    currency    VARCHAR NOT NULL,
    band_min    DOUBLE NOT NULL,                     -- per year, in the band's currency
    band_mid    DOUBLE NOT NULL,
    band_max    DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS country_currency (
    country  VARCHAR PRIMARY KEY,                    -- ISO 3166 alpha-2
    currency VARCHAR NOT NULL                        -- ISO 4217
);

CREATE TABLE IF NOT EXISTS load_runs (
    run_id      INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,                    -- published | failed
    loaded_by   VARCHAR,
    profile     VARCHAR,
    files       JSON,                                -- [{file, format, rows_read, ...}]
    rows_read   BIGINT,
    inserted    BIGINT,
    updated     BIGINT,
    duplicates  BIGINT,
    rejected    BIGINT,
    warnings    BIGINT,
    message     VARCHAR
);

CREATE TABLE IF NOT EXISTS rejected_rows (
    run_id      INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row  BIGINT,                              -- spreadsheet row: the header is row 1
    raw         JSON,                                -- the whole source record, by header
    reasons     VARCHAR[] NOT NULL,
    raw_hash    VARCHAR,                             -- md5 of raw: a record is kept once
    personal_keys VARCHAR[],                         -- raw's headers mapped to personal fields (masked for HR)
    identity_keys VARCHAR[]                          -- tombstone keys of the row's e-mail, phone, LinkedIn
);

CREATE TABLE IF NOT EXISTS load_warnings (
    run_id       INTEGER NOT NULL,
    source_file  VARCHAR,
    source_row   BIGINT,
    interview_id VARCHAR,
    field        VARCHAR NOT NULL,
    value        VARCHAR,
    reason       VARCHAR NOT NULL
);

-- Identities erased (etl.erasure) or anonymised by retention: their keyed tombstones
-- (etl.identity.tombstone_key), so every later load of this warehouse anonymises their
-- rows too, whatever tombstones its caller passes (the state keeps them as well).
CREATE TABLE IF NOT EXISTS erased_identities (
    key          VARCHAR PRIMARY KEY,               -- HMAC of an e-mail, phone or LinkedIn
    kind         VARCHAR NOT NULL,                  -- email | phone | linkedin
    covers_until DATE                               -- last interview date covered; NULL: all
);
