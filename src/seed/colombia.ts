/**
 * Reference data for generated Colombian customers (`npm run seed:scale`): where they live, how
 * they are called, how their phones and addresses look. Weights are relative; the cities' weights
 * follow the size of each city's urban population (Bogotá first), which is where the customer base
 * of a telecom operator concentrates.
 */

export interface CitySeed {
  city: string;
  /** Department, spelled as the demo data and promotions spell it (`Bogotá D.C.`, `Antioquia`…). */
  region: string;
  /** First three digits of the city's 6-digit postal codes. */
  postalPrefix: string;
  /** Landline prefix after +57 (the 60X indicative of the department since 2021). */
  landline: string;
  weight: number;
}

export const CITIES: CitySeed[] = [
  { city: 'Bogotá', region: 'Bogotá D.C.', postalPrefix: '110', landline: '601', weight: 260 },
  { city: 'Medellín', region: 'Antioquia', postalPrefix: '050', landline: '604', weight: 85 },
  { city: 'Cali', region: 'Valle del Cauca', postalPrefix: '760', landline: '602', weight: 75 },
  { city: 'Barranquilla', region: 'Atlántico', postalPrefix: '080', landline: '605', weight: 45 },
  { city: 'Cartagena', region: 'Bolívar', postalPrefix: '130', landline: '605', weight: 30 },
  { city: 'Cúcuta', region: 'Norte de Santander', postalPrefix: '540', landline: '607', weight: 24 },
  { city: 'Soacha', region: 'Cundinamarca', postalPrefix: '250', landline: '601', weight: 20 },
  { city: 'Bucaramanga', region: 'Santander', postalPrefix: '680', landline: '607', weight: 20 },
  { city: 'Soledad', region: 'Atlántico', postalPrefix: '083', landline: '605', weight: 18 },
  { city: 'Bello', region: 'Antioquia', postalPrefix: '051', landline: '604', weight: 17 },
  { city: 'Ibagué', region: 'Tolima', postalPrefix: '730', landline: '608', weight: 17 },
  { city: 'Villavicencio', region: 'Meta', postalPrefix: '500', landline: '608', weight: 16 },
  { city: 'Santa Marta', region: 'Magdalena', postalPrefix: '470', landline: '605', weight: 16 },
  { city: 'Pereira', region: 'Risaralda', postalPrefix: '660', landline: '606', weight: 15 },
  { city: 'Valledupar', region: 'Cesar', postalPrefix: '200', landline: '605', weight: 14 },
  { city: 'Montería', region: 'Córdoba', postalPrefix: '230', landline: '604', weight: 14 },
  { city: 'Manizales', region: 'Caldas', postalPrefix: '170', landline: '606', weight: 13 },
  { city: 'Pasto', region: 'Nariño', postalPrefix: '520', landline: '602', weight: 12 },
  { city: 'Neiva', region: 'Huila', postalPrefix: '410', landline: '608', weight: 11 },
  { city: 'Palmira', region: 'Valle del Cauca', postalPrefix: '763', landline: '602', weight: 10 },
  { city: 'Armenia', region: 'Quindío', postalPrefix: '630', landline: '606', weight: 10 },
  { city: 'Popayán', region: 'Cauca', postalPrefix: '190', landline: '602', weight: 9 },
  { city: 'Sincelejo', region: 'Sucre', postalPrefix: '700', landline: '605', weight: 9 },
  { city: 'Itagüí', region: 'Antioquia', postalPrefix: '055', landline: '604', weight: 9 },
  { city: 'Floridablanca', region: 'Santander', postalPrefix: '681', landline: '607', weight: 9 },
  { city: 'Envigado', region: 'Antioquia', postalPrefix: '055', landline: '604', weight: 7 },
  { city: 'Tunja', region: 'Boyacá', postalPrefix: '150', landline: '608', weight: 6 },
  { city: 'Dosquebradas', region: 'Risaralda', postalPrefix: '661', landline: '606', weight: 6 },
  { city: 'Riohacha', region: 'La Guajira', postalPrefix: '440', landline: '605', weight: 5 },
  { city: 'Chía', region: 'Cundinamarca', postalPrefix: '250', landline: '601', weight: 5 },
  { city: 'Yopal', region: 'Casanare', postalPrefix: '850', landline: '608', weight: 5 },
  { city: 'Tuluá', region: 'Valle del Cauca', postalPrefix: '763', landline: '602', weight: 5 },
  { city: 'Buenaventura', region: 'Valle del Cauca', postalPrefix: '764', landline: '602', weight: 5 },
  { city: 'Barrancabermeja', region: 'Santander', postalPrefix: '687', landline: '607', weight: 5 },
  { city: 'Zipaquirá', region: 'Cundinamarca', postalPrefix: '250', landline: '601', weight: 4 },
  { city: 'Rionegro', region: 'Antioquia', postalPrefix: '054', landline: '604', weight: 4 },
  { city: 'Facatativá', region: 'Cundinamarca', postalPrefix: '253', landline: '601', weight: 4 },
  { city: 'Fusagasugá', region: 'Cundinamarca', postalPrefix: '252', landline: '601', weight: 4 },
  { city: 'Florencia', region: 'Caquetá', postalPrefix: '180', landline: '608', weight: 4 },
  { city: 'Girardot', region: 'Cundinamarca', postalPrefix: '252', landline: '601', weight: 3 },
  { city: 'Quibdó', region: 'Chocó', postalPrefix: '270', landline: '604', weight: 3 },
  { city: 'Sogamoso', region: 'Boyacá', postalPrefix: '152', landline: '608', weight: 3 },
  { city: 'Duitama', region: 'Boyacá', postalPrefix: '150', landline: '608', weight: 3 },
  { city: 'Apartadó', region: 'Antioquia', postalPrefix: '057', landline: '604', weight: 3 },
  { city: 'Maicao', region: 'La Guajira', postalPrefix: '442', landline: '605', weight: 3 },
  { city: 'Cartago', region: 'Valle del Cauca', postalPrefix: '762', landline: '602', weight: 3 },
  { city: 'Girón', region: 'Santander', postalPrefix: '687', landline: '607', weight: 3 },
  { city: 'Piedecuesta', region: 'Santander', postalPrefix: '681', landline: '607', weight: 3 },
  { city: 'Jamundí', region: 'Valle del Cauca', postalPrefix: '764', landline: '602', weight: 3 },
  { city: 'Ipiales', region: 'Nariño', postalPrefix: '524', landline: '602', weight: 2 },
  { city: 'Tumaco', region: 'Nariño', postalPrefix: '528', landline: '602', weight: 2 },
  { city: 'Magangué', region: 'Bolívar', postalPrefix: '132', landline: '605', weight: 2 },
  { city: 'Ocaña', region: 'Norte de Santander', postalPrefix: '546', landline: '607', weight: 2 },
  { city: 'Pitalito', region: 'Huila', postalPrefix: '417', landline: '608', weight: 2 },
  { city: 'Malambo', region: 'Atlántico', postalPrefix: '083', landline: '605', weight: 2 },
  { city: 'Arauca', region: 'Arauca', postalPrefix: '810', landline: '607', weight: 2 },
  { city: 'San Andrés', region: 'San Andrés y Providencia', postalPrefix: '880', landline: '605', weight: 2 },
  { city: 'Mocoa', region: 'Putumayo', postalPrefix: '860', landline: '608', weight: 1 },
  { city: 'Leticia', region: 'Amazonas', postalPrefix: '910', landline: '608', weight: 1 },
];

/** Frequent given names, most frequent first (generated names favour the first ones). */
export const FEMALE_NAMES = [
  'María José', 'Valentina', 'Daniela', 'Camila', 'Laura', 'Mariana', 'Sofía', 'Isabella', 'María Fernanda', 'Natalia',
  'Paula Andrea', 'Ana María', 'Luisa Fernanda', 'Gabriela', 'Juliana', 'Sara', 'Andrea', 'Carolina', 'Diana', 'Paola',
  'Alejandra', 'Catalina', 'Manuela', 'Salomé', 'Luz Marina', 'Martha Lucía', 'Claudia', 'Sandra Milena', 'Gloria', 'Adriana',
  'Ángela', 'Yolanda', 'Esperanza', 'Marcela', 'Lina María', 'Jimena', 'Verónica', 'Lorena', 'Tatiana', 'Yesenia',
];
export const MALE_NAMES = [
  'Juan David', 'Santiago', 'Sebastián', 'Juan Pablo', 'Andrés Felipe', 'Juan Camilo', 'Mateo', 'Samuel', 'Nicolás', 'Alejandro',
  'Carlos Andrés', 'Luis Fernando', 'Jorge Iván', 'Diego', 'Daniel', 'Felipe', 'Julián', 'Miguel Ángel', 'Jhon Jairo', 'José Luis',
  'Óscar', 'Cristian', 'Jaime', 'Hernán', 'Fabio', 'Álvaro', 'Gustavo', 'Mauricio', 'Ricardo', 'Édgar',
  'Wilson', 'Fredy', 'Esteban', 'Emiliano', 'Jerónimo', 'Tomás', 'David', 'Simón', 'Martín', 'Iván Darío',
];
export const SURNAMES = [
  'Rodríguez', 'Gómez', 'González', 'Martínez', 'García', 'López', 'Hernández', 'Sánchez', 'Ramírez', 'Pérez',
  'Díaz', 'Muñoz', 'Rojas', 'Moreno', 'Jiménez', 'Castro', 'Gutiérrez', 'Vargas', 'Álvarez', 'Romero',
  'Ortiz', 'Torres', 'Suárez', 'Ruiz', 'Castillo', 'Valencia', 'Cárdenas', 'Quintero', 'Restrepo', 'Mejía',
  'Ospina', 'Giraldo', 'Zapata', 'Osorio', 'Cardona', 'Arango', 'Montoya', 'Agudelo', 'Henao', 'Salazar',
  'Herrera', 'Marín', 'Aguilar', 'Medina', 'Rivera', 'Mosquera', 'Palacios', 'Cortés', 'Caicedo', 'Parra',
  'Guerrero', 'Acosta', 'Bermúdez', 'Peña', 'Ríos', 'Duarte', 'Correa', 'Velásquez', 'Londoño', 'Betancur',
  'Escobar', 'Villa', 'Patiño', 'Benavides', 'Chaparro', 'Rincón', 'Pineda', 'Nieto', 'Buitrago', 'Sierra',
];

/** Companies (NIT customers): "<kind> <name> <legal form>". */
export const COMPANY_KINDS = [
  'Distribuciones', 'Comercializadora', 'Inversiones', 'Transportes', 'Constructora', 'Servicios', 'Soluciones', 'Importadora',
  'Agropecuaria', 'Ferretería', 'Droguería', 'Panadería', 'Restaurante', 'Hotel', 'Clínica', 'Colegio', 'Tecnología', 'Logística',
];
export const COMPANY_NAMES = [
  'Andina', 'del Caribe', 'La Esperanza', 'El Dorado', 'San José', 'Santa Fe', 'Los Andes', 'del Pacífico', 'La Montaña',
  'Nueva Granada', 'La Sabana', 'El Progreso', 'Bolivariana', 'del Valle', 'Antioqueña', 'Costeña', 'Llanera', 'Cafetera',
  'Santa Bárbara', 'La Candelaria', 'El Poblado', 'Monserrate', 'Tayrona', 'Guatapé',
];
export const COMPANY_FORMS = ['S.A.S.', 'S.A.S.', 'S.A.S.', 'Ltda.', 'S.A.'];

/** Mobile prefixes (3XX): Claro's ranges first and most often, then other operators' (ported numbers). */
export const MOBILE_PREFIXES = ['310', '311', '312', '313', '314', '320', '321', '322', '323', '324', '300', '301', '302', '304', '305', '315', '316', '317', '318', '319', '350', '351'];

/** Street types of Colombian addresses ("Calle 45 # 12-34"), weighted by repetition. */
export const STREET_TYPES = ['Calle', 'Calle', 'Calle', 'Calle', 'Carrera', 'Carrera', 'Carrera', 'Carrera', 'Avenida', 'Diagonal', 'Transversal'];

/** Personal email providers, weighted by repetition. */
export const EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'hotmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com', 'yahoo.es', 'une.net.co', 'etb.net.co'];
