"""The portal framework every app uses: the filing workflow, its pages and admin, the access rule,
forms, uploads, the email outbox, exports and the cache. The societies domain is ``societies`` itself."""
