import { Migration } from '@mikro-orm/migrations';

export class Migration20261127131505_customer_search_folds_accents extends Migration {

  override async up(): Promise<void> {
    // The customer search ignores accents ("garcia munoz" finds "García Muñoz"): see users/customer-search.ts.
    // PostgreSQL cannot change a generated column's expression in place; dropping the column drops its index too.
    this.addSql(`alter table "customer" drop column "search_text";`);

    this.addSql(`alter table "customer" add column "search_text" text generated always as (translate(lower(first_name || ' ' || last_name || ' ' || email || ' ' || document_number), 'áàâäãåéèêëíìîïóòôöõúùûüýÿñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÑÇ', 'aaaaaaeeeeiiiiooooouuuuyyncaaaaaaeeeeiiiiooooouuuuyync')) stored not null;`);
    this.addSql(`create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer" drop column "search_text";`);

    this.addSql(`alter table "customer" add column "search_text" text generated always as (lower(first_name || ' ' || last_name || ' ' || email || ' ' || document_number)) stored not null;`);
    this.addSql(`create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops);`);
  }

}
