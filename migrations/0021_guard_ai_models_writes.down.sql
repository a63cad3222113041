-- The trigger runs as the writer again. The revoked privileges are not granted back: which of
-- them a role held before depended on the database, and none of them is needed to read.
BEGIN;

ALTER FUNCTION switchboard.notify_gateway_change() SECURITY INVOKER RESET search_path;

COMMIT;
