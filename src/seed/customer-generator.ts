import type { EntityManager } from '@mikro-orm/postgresql';
import { foldForSearchSql } from '../modules/users/customer-search';
import { CITIES, COMPANY_FORMS, COMPANY_KINDS, COMPANY_NAMES, EMAIL_DOMAINS, FEMALE_NAMES, MALE_NAMES, MOBILE_PREFIXES, STREET_TYPES, SURNAMES } from './colombia';

export interface CustomerGeneration {
  /** How many customers to add. */
  customers: number;
  /** Their `created_at` spreads over this many years back from now (more of them recently). */
  yearsBack: number;
  /** Seeds PostgreSQL's random() (names, places, dates): the same customers on every run. */
  seed?: number;
  /** Customers written per statement; progress is reported after each. */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
}

/**
 * A multiplier coprime with every range below: `(id × K) mod range` is a bijection on ids smaller
 * than the range, so document numbers derived from the (never reused) customer id do not repeat,
 * and still look scattered.
 */
const SCATTER = 2654435761;

/**
 * Writes customers in bulk, in SQL (generate_series), for `npm run seed:scale`, exactly as the app
 * stores them (see `createCustomer`): Colombian names (3% companies with a NIT and its DIAN check
 * digit, a legal name and a contact person, a few CE and passports, CC of 6 to 10 digits matching the holder's age), unique emails,
 * E.164 phones (a Claro-range mobile, sometimes the department's 60X landline), one to two
 * addresses in the embedded `addresses` jsonb shape with `billing_city`/`billing_region` taken from
 * the BILLING address (else the first), cities weighted by population, `created_at` over the last
 * `yearsBack` years in milliseconds, category NEW with its history row. `search_text` is computed
 * by PostgreSQL. A row that would repeat a document or email already stored is skipped and
 * replaced. Runs in the caller's transaction; returns how many were written.
 */
export async function generateCustomers(em: EntityManager, options: CustomerGeneration): Promise<number> {
  const { customers, yearsBack, seed = 1, batchSize = 50_000, onProgress } = options;
  await em.execute(`select setseed(?)`, [((seed % 1000) / 1000) * 2 - 1 || 0.5]);
  const citySlots = CITIES.flatMap((city, i) => Array.from({ length: city.weight }, () => i + 1));
  const params = [
    pgTextArray(CITIES.map((c) => c.city)),
    pgTextArray(CITIES.map((c) => c.region)),
    pgTextArray(CITIES.map((c) => c.postalPrefix)),
    pgTextArray(CITIES.map((c) => c.landline)),
    `{${citySlots.join(',')}}`,
    pgTextArray(FEMALE_NAMES),
    pgTextArray(MALE_NAMES),
    pgTextArray(SURNAMES),
    pgTextArray(COMPANY_KINDS),
    pgTextArray(COMPANY_NAMES),
    pgTextArray(COMPANY_FORMS),
    pgTextArray(MOBILE_PREFIXES),
    pgTextArray(STREET_TYPES),
    pgTextArray(EMAIL_DOMAINS),
  ];

  let written = 0;
  // Skipped rows (a clash with an existing customer) are made up by the next statement; a few
  // extra rounds at most, so a database that cannot take more customers fails instead of looping.
  for (let round = 0; written < customers; round++) {
    if (round > Math.ceil(customers / batchSize) + 10) throw new Error(`only ${written} of ${customers} customers could be generated: too many clashes with existing ones`);
    const size = Math.min(batchSize, customers - written);
    // This batch's slice of the period, as a range of the random number that places customers in it.
    const [sliceStart, sliceWidth] = [1 - Math.min(written + size, customers) / customers, size / customers];
    const [{ inserted }] = await em.execute<{ inserted: number }[]>(CUSTOMER_BATCH_SQL, [...params, yearsBack * 365.25, sliceStart, sliceWidth, size]);
    written += inserted;
    onProgress?.(written, customers);
  }
  return written;
}

/**
 * `count` SALES_AGENT staff accounts with Colombian names (`nombre.apellido<id>@demo.claro`),
 * hired before `hiredBefore`, for the sales history to spread over a realistic sales force. They
 * have no usable password (an ADMIN sets one to use an account). Returns how many were added.
 */
export async function generateSalesAgents(em: EntityManager, { count, hiredBefore }: { count: number; hiredBefore: Date }): Promise<number> {
  if (count <= 0) return 0;
  const [{ inserted }] = await em.execute<{ inserted: number }[]>(
    `with r as (select ?::text[] as female, ?::text[] as male, ?::text[] as surname),
     drafted as (
       select nextval(pg_get_serial_sequence('staff', 'id')) as id,
              date_trunc('milliseconds', ?::timestamptz - random() * interval '3 years') as created_at,
              split_part(case when random() < 0.55 then ${pick('r.female')} else ${pick('r.male')} end, ' ', 1) || ' ' || ${pick('r.surname', 1.5)} as name
         from generate_series(1, ?) cross join r
     ),
     inserted as (
       insert into staff (id, created_at, updated_at, email, name, role, active, password_hash, token_version)
       select id, created_at, created_at, ${slug(`split_part(name, ' ', 1)`)} || '.' || ${slug(`split_part(name, ' ', 2)`)} || id || '@demo.claro', name,
              'SALES_AGENT', true, 'none: generated by seed:scale', 0
         from drafted
       on conflict do nothing
       returning 1
     )
     select count(*)::int as inserted from inserted`,
    [pgTextArray(FEMALE_NAMES), pgTextArray(MALE_NAMES), pgTextArray(SURNAMES), hiredBefore.toISOString(), count],
  );
  return inserted;
}

/** A PostgreSQL array literal of strings (`{"Bogotá","Santa Marta"}`), passed as one parameter. */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}

const slug = (expression: string) => `regexp_replace(${foldForSearchSql(expression)}, '[^a-z0-9]+', '', 'g')`;
/** One element of a reference array, the first ones more often when `skew` > 1. */
const pick = (array: string, skew = 1) => `${array}[1 + floor(${skew === 1 ? 'random()' : `power(random(), ${skew})`} * array_length(${array}, 1))::int]`;
const digits = (from: number, to: number) => `(${from} + floor(random() * ${to - from + 1}))::bigint::text`;

/** "Calle 45 B # 12-34, apto 1203": evaluated anew (its random() calls) wherever it appears. */
function streetLineSql(company: string): string {
  return `${pick('r.street')} || ' ' || (1 + floor(power(random(), 1.3) * 180))::int
    || case when random() < 0.2 then ' ' || (array['A', 'B', 'C', 'Bis'])[1 + floor(random() * 4)::int] else '' end
    || ' # ' || (1 + floor(random() * 120))::int || '-' || (1 + floor(random() * 99))::int
    || case when ${company} then case when random() < 0.6 then ', oficina ' || (100 * (1 + floor(random() * 15))::int + 1 + floor(random() * 12)::int) else ', local ' || (1 + floor(random() * 40))::int end
            when random() < 0.45 then ', apto ' || (100 * (1 + floor(random() * 25))::int + 1 + floor(random() * 4)::int)
            when random() < 0.3 then ', casa ' || (1 + floor(random() * 60))::int
            else '' end`;
}

/** An address object with the keys MikroORM writes for the `CustomerAddress` embeddable. */
function addressSql(kind: string, cityK: string, company: string, postalChance: number): string {
  return `jsonb_build_object('kind', '${kind}', 'line1', ${streetLineSql(company)}, 'city', r.city[${cityK}], 'region', r.region[${cityK}],
    'country_code', 'CO', 'postal_code', case when random() < ${postalChance} then r.postal[${cityK}] || lpad(floor(random() * 1000)::int::text, 3, '0') end)`;
}

const CUSTOMER_BATCH_SQL = `
with r as (
  select ?::text[] as city, ?::text[] as region, ?::text[] as postal, ?::text[] as landline, ?::int[] as city_slot,
         ?::text[] as female, ?::text[] as male, ?::text[] as surname, ?::text[] as co_kind, ?::text[] as co_name, ?::text[] as co_form,
         ?::text[] as mobile, ?::text[] as street, ?::text[] as domain, ?::float8 as days_back
),
stamped as (
  -- Milliseconds, like timestamps written from JS (cursors carry them exactly); more customers
  -- recently. Each batch takes its slice of the period, oldest first, and ids follow created_at.
  select date_trunc('milliseconds', now() - power(?::float8 + random() * ?::float8, 1.35) * r.days_back * interval '1 day') as created_at
    from generate_series(1, ?) cross join r
),
drafted as materialized (
  select nextval(pg_get_serial_sequence('customer', 'id')) as id, s.created_at,
         random() as r_doc, random() as r_gender, random() as r_shape, random() as r_phone, random() as r_birth, random() as r_kind, random() as r_trade,
         r.city_slot[1 + floor(random() * array_length(r.city_slot, 1))::int] as city_k,
         case when random() < 0.08 then r.city_slot[1 + floor(random() * array_length(r.city_slot, 1))::int] end as other_city_k
    from (select created_at from stamped order by created_at) s cross join r
),
classed as (
  select d.*, coalesce(d.other_city_k, d.city_k) as city2_k,
         case when r_doc < 0.03 then 'NIT' when r_doc < 0.045 then 'CE' when r_doc < 0.05 then 'PASSPORT'
              when r_doc < 0.055 then 'CC6' when r_doc < 0.125 then 'CC7' when r_doc < 0.55 then 'CC8' else 'CC10' end as class
    from drafted d
),
named as (
  select c.*, c.class = 'NIT' as company,
         r.co_kind[1 + floor(c.r_kind * array_length(r.co_kind, 1))::int] || ' ' || r.co_name[1 + floor(c.r_trade * array_length(r.co_name, 1))::int] as trade_name,
         case when c.class = 'NIT' then r.co_kind[1 + floor(c.r_kind * array_length(r.co_kind, 1))::int] || ' ' || r.co_name[1 + floor(c.r_trade * array_length(r.co_name, 1))::int] || ' ' || ${pick('r.co_form')} end as legal_name,
         -- A person's own name; a company's contact person.
         case when c.r_gender < 0.51 then ${pick('r.female', 1.6)} else ${pick('r.male', 1.6)} end as first_name,
         ${pick('r.surname', 1.8)} || ' ' || ${pick('r.surname', 1.8)} as last_name,
         (800000000 + (c.id * ${SCATTER}) % 200000000)::text as nit_base,
         '+57' || ${pick('r.mobile', 1.4)} || ${digits(1_000_000, 9_999_999)} as mobile,
         '+57' || r.landline[c.city_k] || ${digits(2_000_000, 7_999_999)} as landline
    from classed c cross join r
),
shaped as (
  select n.id, n.created_at, n.first_name, n.last_name, n.legal_name, case when n.company then 'COMPANY' else 'PERSON' end as kind,
         case when n.class like 'CC%' then 'CC' else n.class end as document_type,
         case n.class
           when 'CC10' then (1000000000 + (n.id * ${SCATTER}) % 200000000)::text
           when 'CC8' then (10000000 + (n.id * ${SCATTER}) % 90000000)::text
           when 'CC7' then (1000000 + (n.id * ${SCATTER}) % 9000000)::text
           when 'CC6' then (100000 + (n.id * ${SCATTER}) % 900000)::text
           when 'CE' then (100000 + (n.id * ${SCATTER}) % 9900000)::text
           when 'PASSPORT' then chr(65 + (n.id % 26)::int) || chr(65 + (n.id / 26 % 26)::int) || lpad(((n.id * ${SCATTER}) % 10000000)::text, 7, '0')
           -- DIAN's check digit: weights 3, 7, 13, … from the rightmost digit (see nitCheckDigit).
           else n.nit_base || '-' || (select case when s % 11 >= 2 then 11 - s % 11 else s % 11 end
                                        from (select sum(substr(n.nit_base, (10 - i)::int, 1)::int * w) as s
                                                from unnest(array[3, 7, 13, 17, 19, 23, 29, 37, 41]) with ordinality as weights(w, i)) digit_sum)
         end as document_number,
         case when n.company then 'contacto' || n.id || '@' || ${slug('n.trade_name')} || '.com.co'
              else ${slug(`split_part(n.first_name, ' ', 1)`)} || '.' || ${slug(`split_part(n.last_name, ' ', 1)`)} || n.id || '@' || ${pick('r.domain')} end as email,
         case when n.company then array[n.landline, n.mobile]
              when n.r_phone < 0.15 then array[n.mobile, n.landline]
              when n.r_phone < 0.2 then array[n.mobile, '+57' || ${pick('r.mobile')} || ${digits(1_000_000, 9_999_999)}]
              else array[n.mobile] end as phones,
         case when n.company or n.r_birth < 0.04 then null
              else least((n.created_at - interval '18 years')::date, date '1935-01-01' + (case n.class
                     when 'CC10' then 18262 + floor(random() * 7670) when 'CC8' then 5478 + floor(random() * 14610)
                     when 'CC7' then 1826 + floor(random() * 10227) when 'CC6' then floor(random() * 6574)
                     else 9131 + floor(random() * 16436) end)::int) end as birth_date,
         case when n.r_shape < 0.7 then jsonb_build_array(${addressSql('BILLING', 'n.city_k', 'n.company', 0.85)})
              when n.r_shape < 0.85 then jsonb_build_array(${addressSql('BILLING', 'n.city_k', 'n.company', 0.85)}, ${addressSql('INSTALLATION', 'n.city2_k', 'n.company', 0.5)})
              when n.r_shape < 0.92 then jsonb_build_array(${addressSql('INSTALLATION', 'n.city2_k', 'n.company', 0.5)}, ${addressSql('BILLING', 'n.city_k', 'n.company', 0.85)})
              when n.r_shape < 0.97 then jsonb_build_array(${addressSql('INSTALLATION', 'n.city_k', 'n.company', 0.5)})
              else jsonb_build_array(${addressSql('BILLING', 'n.city_k', 'n.company', 0.85)}, ${addressSql('SHIPPING', 'n.city2_k', 'n.company', 0.5)}) end as addresses,
         -- The billing address is in city_k whatever the shape (the first address when none is BILLING).
         r.city[n.city_k] as billing_city, r.region[n.city_k] as billing_region
    from named n cross join r
),
inserted as (
  insert into customer (id, created_at, updated_at, first_name, last_name, legal_name, kind, document_type, document_number, email, phones, birth_date, addresses, billing_city, billing_region)
  select id, created_at, created_at, first_name, last_name, legal_name, kind, document_type, document_number, email, phones, birth_date, addresses, billing_city, billing_region
    from shaped
  on conflict do nothing
  returning id, created_at
),
recorded as (
  -- What createCustomer records: the category history starts at NEW, set by nobody.
  insert into customer_category_change (customer_id, from_category, to_category, changed_at, changed_by_id, reason)
  select id, null, 'NEW', created_at, null, 'New customer' from inserted
  returning 1
)
select count(*)::int as inserted from recorded`;
