/**
 * Who may use the dashboards: people's logins ({@code UserStore}, salted PBKDF2 hashes in {@code users.json}),
 * first-start passwords, the JWT bearer tokens of people and machines, and roles with their scopes (an organization or
 * a region; admins see everything).
 */
package io.kitchenwatch.dashboards.auth;
