-- Each honeytoken claims its IAM user name in its member account here before it calls
-- CreateUser. The claim is durable before the user exists, so a retry after a crash that
-- meets EntityAlreadyExists can tell that the user is its own, and two tokens never share a user.
CREATE UNIQUE INDEX honeytokens_iam_user ON honeytokens (account_id, iam_user_name)
    WHERE iam_user_name IS NOT NULL;

