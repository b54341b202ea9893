"""`make bench`: tinynn timed side by side with the same work by hand; see README.md here."""
