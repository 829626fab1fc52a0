-- one row per input path (path): what it held when last loaded; a changed file's row is replaced
insert or replace into file_manifest
select * from stg_file_manifest;
