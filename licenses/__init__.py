"""Data only: one YAML file per license, and vocabulary.yaml. No code here decides what a license says."""
