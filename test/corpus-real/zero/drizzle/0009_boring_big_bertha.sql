ALTER TABLE "mail0_user" DROP CONSTRAINT "mail0_user_default_connection_id_mail0_connection_id_fk";
