import { Migration } from '@mikro-orm/migrations';

/**
 * Customers get a kind (PERSON, COMPANY: a NIT is a company) and a company its legal name.
 * Companies stored before were named as first name "<legal name>", last name "Empresa": their
 * legal name is taken from there. The customer search matches the legal name too, so its
 * generated column (and the trigram index on it) is rebuilt.
 */
export class Migration20261201064555_customer_kind_legal_name extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "customer" add column "kind" text check ("kind" in ('PERSON', 'COMPANY')) not null default 'PERSON', add column "legal_name" varchar(200) null;`);
    this.addSql(`update "customer" set "kind" = 'COMPANY', "legal_name" = case when "last_name" = 'Empresa' then "first_name" else "first_name" || ' ' || "last_name" end where "document_type" = 'NIT';`);
    this.addSql(`alter table "customer" drop column "search_text";`);
    this.addSql(`alter table "customer" add column "search_text" text generated always as (translate(lower(coalesce(legal_name || ' ', '') || first_name || ' ' || last_name || ' ' || email || ' ' || document_number), 'áàâäãåéèêëíìîïóòôöõúùûüýÿñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÑÇ', 'aaaaaaeeeeiiiiooooouuuuyyncaaaaaaeeeeiiiiooooouuuuyync')) stored not null;`);
    this.addSql(`create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer" drop column "search_text";`);
    this.addSql(`alter table "customer" add column "search_text" text generated always as (translate(lower(first_name || ' ' || last_name || ' ' || email || ' ' || document_number), 'áàâäãåéèêëíìîïóòôöõúùûüýÿñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÑÇ', 'aaaaaaeeeeiiiiooooouuuuyyncaaaaaaeeeeiiiiooooouuuuyync')) stored not null;`);
    this.addSql(`create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`alter table "customer" drop column "kind", drop column "legal_name";`);
  }

}
