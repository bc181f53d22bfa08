// Baselines have unique names (people name them: "before go-live").
CREATE CONSTRAINT baseline_name IF NOT EXISTS
FOR (b:Baseline) REQUIRE b.name IS UNIQUE
