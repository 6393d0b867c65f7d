/**
 * Imported first by every bench: the server is measured as it runs in production. graphql-js
 * (among others) reads NODE_ENV once, when it loads, and runs extra checks on every field outside
 * production, whatever the server's own configuration says.
 */
process.env.NODE_ENV ??= 'production';
