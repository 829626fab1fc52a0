-- one row per expectation evaluated in the run (run_id, suite, expectation)
insert into validation_results by name
select * from stg_validation_results;
