-- periodicReports counts progress reports besides the mid-term and final reports. A one-year term
-- reported quarterly has four reports: periodic, mid-term, periodic, final, i.e. 2 periodic ones.
-- Rounds already created keep the number they were created with.
ALTER TABLE "Round" ALTER COLUMN "periodicReports" SET DEFAULT 2;
