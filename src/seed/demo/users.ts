import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { generateCustomers } from '../customer-generator';
import type { SeededRandom } from '../random';
import { Customer } from '../../modules/users/customer.entity';
import { AddressKind, CustomerCategory, DocumentType } from '../../modules/users/customer.enums';
import { createCustomer, recomputeCustomerCategories, setCustomerCategory } from '../../modules/users/customer.service';
import { nitCheckDigit } from '../../modules/users/document-number';
import { InteractionChannel, InteractionKind, InteractionStatus } from '../../modules/users/interaction.enums';
import { recordInteraction, updateInteractionStatus } from '../../modules/users/interaction.service';
import { Staff } from '../../modules/users/staff.entity';
import { createStaff } from '../../modules/users/staff.service';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_ADMIN_EMAIL = 'admin@demo.claro';

/** The demo logins printed by `npm start` and listed in the README. */
export const DEMO_STAFF = [
  { email: DEMO_ADMIN_EMAIL, name: 'Adriana Gómez', role: Role.ADMIN },
  { email: 'agent@demo.claro', name: 'Andrés Restrepo', role: Role.SALES_AGENT },
  { email: 'analyst@demo.claro', name: 'Valentina Ospina', role: Role.ANALYST },
  { email: 'partner@demo.claro', name: 'Partner App (demo)', role: Role.PARTNER },
] as const;

/** City, department, postal code prefix: where Claro's demo customers live. */
const CITIES = [
  ['Bogotá', 'Bogotá D.C.', '110'],
  ['Medellín', 'Antioquia', '050'],
  ['Envigado', 'Antioquia', '055'],
  ['Cali', 'Valle del Cauca', '760'],
  ['Barranquilla', 'Atlántico', '080'],
  ['Cartagena', 'Bolívar', '130'],
  ['Bucaramanga', 'Santander', '680'],
  ['Pereira', 'Risaralda', '660'],
  ['Manizales', 'Caldas', '170'],
  ['Cúcuta', 'Norte de Santander', '540'],
  ['Santa Marta', 'Magdalena', '470'],
  ['Villavicencio', 'Meta', '500'],
  ['Pasto', 'Nariño', '520'],
  ['Ibagué', 'Tolima', '730'],
] as const;

const FIRST_NAMES = ['Camila', 'Santiago', 'Valeria', 'Mateo', 'Mariana', 'Sebastián', 'Daniela', 'Juan Pablo', 'Laura', 'Nicolás', 'Isabella', 'Alejandro', 'Sofía', 'Carlos', 'Luisa', 'Felipe', 'Natalia', 'Jorge', 'Paula', 'Diego'];
const LAST_NAMES = ['Rodríguez', 'Martínez', 'García', 'López', 'Hernández', 'Gómez', 'Díaz', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Vargas', 'Moreno', 'Rojas', 'Castro', 'Jiménez', 'Cárdenas', 'Ortiz', 'Mejía', 'Restrepo'];
const STREETS = ['Calle', 'Carrera', 'Avenida', 'Diagonal', 'Transversal'];
/** The hand-made companies: legal name (razón social), the web domain of their emails, their contact person. */
const COMPANIES = [
  { legalName: 'Distribuciones Andinas S.A.S.', domain: 'distribucionesandinas.com.co', contact: ['Carlos Andrés', 'Rojas Pineda'] },
  { legalName: 'Café del Quindío Ltda.', domain: 'cafedelquindio.co', contact: ['Luz Marina', 'Giraldo Ospina'] },
  { legalName: 'Transportes La Costa S.A.S.', domain: 'transporteslacosta.com.co', contact: ['Jaime', 'De la Hoz Barrios'] },
] as const;

/** Customers written in bulk besides the 30 made one by one: a base large enough for 18 months of sales that look like a store's. */
export const DEMO_GENERATED_CUSTOMERS = 1170;

const INTERACTION_TEMPLATES: [InteractionKind, string, string][] = [
  [InteractionKind.INQUIRY, 'Fibre coverage at a new address', 'Asks whether fibre 500 Mbps reaches the building before moving.'],
  [InteractionKind.INQUIRY, 'Roaming in Ecuador', 'Wants to know the roaming price for a week-long trip.'],
  [InteractionKind.COMPLAINT, 'Intermittent internet in the evenings', 'The connection drops between 8 and 10 pm several days a week.'],
  [InteractionKind.COMPLAINT, 'Charge not recognised on the invoice', 'An extra charge appears on last month’s invoice.'],
  [InteractionKind.COMPLAINT, 'Late technician visit', 'The installation visit came two days after the agreed date.'],
  [InteractionKind.SUGGESTION, 'Pay the invoice from the app with Nequi', 'Would like more payment options in the app.'],
  [InteractionKind.SUGGESTION, 'Longer store opening hours on Saturdays', 'The store closes too early for people who work on weekdays.'],
];

export async function hasAnyStaff(em: EntityManager): Promise<boolean> {
  return (await em.count(Staff, {})) > 0;
}

/**
 * Staff logins, 30 customers across Colombia made one by one (with backdated tenure, three of
 * them companies) and their interactions, then `DEMO_GENERATED_CUSTOMERS` more in bulk.
 */
export async function seedUsersDemo(ctx: RequestContext, random: SeededRandom): Promise<string> {
  const staff: Staff[] = [];
  for (const account of DEMO_STAFF) staff.push(await createStaff(ctx, { ...account, password: DEMO_PASSWORD }));
  await ctx.em.flush();
  const [admin, agent] = staff;
  ctx.viewer = { id: admin.id, email: admin.email, name: admin.name, role: admin.role };

  const customers: Customer[] = [];
  const now = Date.now();
  for (let i = 0; i < 30; i++) {
    const isCompany = i % 10 === 9;
    const [city, region, postal] = CITIES[i % CITIES.length];
    const company = isCompany ? COMPANIES[(i / 10) | 0] : null;
    // A person's own name; a company's contact person.
    const firstName = company ? company.contact[0] : FIRST_NAMES[i % FIRST_NAMES.length];
    const lastName = company ? company.contact[1] : `${random.pick(LAST_NAMES)} ${random.pick(LAST_NAMES)}`;
    const nitBase = String(900_100_000 + i * 7919);
    const customer = await createCustomer(ctx, {
      firstName,
      lastName,
      legalName: company?.legalName ?? null,
      documentType: company ? DocumentType.NIT : i % 7 === 6 ? DocumentType.CE : DocumentType.CC,
      documentNumber: company ? `${nitBase}-${nitCheckDigit(nitBase)}` : String(random.int(10_000_000, 1_199_999_999)),
      email: company ? `compras${i}@${company.domain}` : `${asciiSlug(firstName)}.${asciiSlug(lastName.split(' ')[0])}${i}@example.co`,
      phones: [`+57 3${random.int(0, 2)}${random.int(0, 9)} ${random.int(100, 999)} ${random.int(1000, 9999)}`],
      birthDate: isCompany ? null : `${random.int(1955, 2004)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
      addresses: [
        {
          kind: AddressKind.BILLING,
          line1: `${random.pick(STREETS)} ${random.int(1, 150)} # ${random.int(1, 99)}-${random.int(1, 99)}`,
          city,
          region,
          countryCode: 'CO',
          postalCode: `${postal}${pad(random.int(1, 99), 3)}`,
        },
        ...(random.chance(0.3)
          ? [{ kind: AddressKind.INSTALLATION, line1: `${random.pick(STREETS)} ${random.int(1, 150)} # ${random.int(1, 99)}-${random.int(1, 99)}, apto ${random.int(101, 1504)}`, city, region, countryCode: 'CO', postalCode: null }]
          : []),
      ],
    });
    customers.push(customer);
  }
  await ctx.em.flush();

  // Tenure from a few days to six years, so the category rule has something to decide.
  for (const customer of customers) {
    const tenureDays = random.chance(0.25) ? random.int(3, 120) : random.int(121, 6 * 365);
    const createdAt = new Date(now - tenureDays * 86_400_000);
    await ctx.em.nativeUpdate(Customer, { id: customer.id }, { createdAt, updatedAt: createdAt });
  }
  // The rest of the customer base, in bulk, as `npm run seed:scale` writes it (3% companies).
  const generated = await generateCustomers(ctx.em, { customers: DEMO_GENERATED_CUSTOMERS, yearsBack: 6, seed: random.int(1, 999) });
  const recategorised = await recomputeCustomerCategories(ctx);
  await setCustomerCategory(ctx, customers[0].id, CustomerCategory.LOYAL, 'Corporate account manager’s decision');

  let interactions = 0;
  for (const customer of customers) {
    for (let n = random.int(0, 3); n > 0; n--) {
      const [type, subject, description] = random.pick(INTERACTION_TEMPLATES);
      ctx.viewer = random.chance(0.5) ? ctx.viewer : { id: agent.id, email: agent.email, name: agent.name, role: agent.role };
      const interaction = await recordInteraction(ctx, { customerId: customer.id, type, channel: random.pick(Object.values(InteractionChannel)), subject, description });
      await ctx.em.flush();
      const status = random.weighted([
        [InteractionStatus.OPEN, 3],
        [InteractionStatus.IN_PROGRESS, 2],
        [InteractionStatus.RESOLVED, 3],
        [InteractionStatus.CLOSED, 2],
      ]);
      if (status !== InteractionStatus.OPEN) {
        await updateInteractionStatus(ctx, { id: interaction.id, status, note: status === InteractionStatus.IN_PROGRESS ? null : 'Resolved on the first contact.' });
      }
      interactions++;
    }
  }
  ctx.viewer = { id: admin.id, email: admin.email, name: admin.name, role: admin.role };
  return `${staff.length} staff accounts, ${customers.length + generated} customers (${customers.length} one by one, ${generated} in bulk; ${recategorised} recategorised by the rule), ${interactions} interactions`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function asciiSlug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}
