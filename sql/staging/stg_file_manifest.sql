-- one row per input path the current run loaded or found unchanged by content (path)
create or replace view stg_file_manifest as
select * from read_parquet($parquet_path);
