from django.db import migrations

# PostgreSQL's default text-search configuration is English; kits are searched in French,
# and "securite" must find "Sécurité".
CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.french_unaccent;"


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
