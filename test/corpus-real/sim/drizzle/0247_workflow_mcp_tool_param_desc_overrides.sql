ALTER TABLE "workflow_mcp_tool" ADD COLUMN "parameter_description_overrides" json DEFAULT '{}'::json NOT NULL;
