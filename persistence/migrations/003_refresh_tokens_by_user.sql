-- A password change signs out every login of the user at once.
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
