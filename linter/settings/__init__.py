"""What the configuration and the command line mean for a workspace: selection, severities, options, custom rules."""
