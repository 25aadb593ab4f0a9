"""Deployment: the container's entry point, the database roles, the loopback topology (README "Deploy")."""
