import type { RequestContext } from '../../core/context';
import { Decimal } from '../../core/money';
import type { SeededRandom } from '../random';
import { createBrand, createProductCategory } from '../../modules/catalog/brand.service';
import type { Brand } from '../../modules/catalog/brand.entity';
import { ProductStatus } from '../../modules/catalog/catalog.enums';
import type { ProductCategory } from '../../modules/catalog/product-category.entity';
import { Product } from '../../modules/catalog/product.entity';
import { adjustStock, createProduct, listLowStockProducts, updateProduct } from '../../modules/catalog/product.service';
import { StockMovement } from '../../modules/catalog/stock-movement.entity';

const BRANDS: [name: string, country: string][] = [
  ['Samsung', 'KR'],
  ['Apple', 'US'],
  ['Xiaomi', 'CN'],
  ['Motorola', 'US'],
  ['Huawei', 'CN'],
  ['Honor', 'CN'],
  ['TP-Link', 'CN'],
];

const CATEGORIES = ['Smartphones', 'Routers y módems', 'Accesorios', 'Tablets', 'Wearables'] as const;
type CategoryName = (typeof CATEGORIES)[number];

interface ProductSeed {
  sku: string;
  name: string;
  brand: string;
  category: CategoryName;
  model: string;
  /** COP, net of IVA. */
  price: string;
  stock: number;
  reorderLevel?: number;
  attributes: [string, string][];
  /** Phones up to 22 UVT are excluded from IVA in Colombia. */
  taxExempt?: boolean;
  discontinued?: boolean;
}

/** Prices as in Colombian stores in 2024–2025 (COP, net of IVA). A few are at or below their reorder level on purpose. */
const PRODUCTS: ProductSeed[] = [
  { sku: 'SM-S928B-256-TIT', name: 'Samsung Galaxy S24 Ultra 256 GB Titanio negro', brand: 'Samsung', category: 'Smartphones', model: 'SM-S928B', price: '5999900.00', stock: 8, attributes: [['Color', 'Titanio negro'], ['Almacenamiento', '256 GB'], ['RAM', '12 GB'], ['Pantalla', '6,8" Dynamic AMOLED 2X']] },
  { sku: 'SM-S921B-128-VIO', name: 'Samsung Galaxy S24 128 GB Violeta', brand: 'Samsung', category: 'Smartphones', model: 'SM-S921B', price: '3799900.00', stock: 12, attributes: [['Color', 'Violeta'], ['Almacenamiento', '128 GB'], ['RAM', '8 GB']] },
  { sku: 'SM-A556E-256-AZU', name: 'Samsung Galaxy A55 5G 256 GB Azul', brand: 'Samsung', category: 'Smartphones', model: 'SM-A556E', price: '1899900.00', stock: 25, attributes: [['Color', 'Azul'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'SM-A356E-128-NEG', name: 'Samsung Galaxy A35 5G 128 GB Negro', brand: 'Samsung', category: 'Smartphones', model: 'SM-A356E', price: '1399900.00', stock: 30, attributes: [['Color', 'Negro'], ['Almacenamiento', '128 GB'], ['RAM', '6 GB']] },
  { sku: 'SM-A155M-128-NEG', name: 'Samsung Galaxy A15 128 GB Negro', brand: 'Samsung', category: 'Smartphones', model: 'SM-A155M', price: '749900.00', stock: 40, taxExempt: true, attributes: [['Color', 'Negro'], ['Almacenamiento', '128 GB'], ['RAM', '4 GB']] },
  { sku: 'SM-A055M-64-NEG', name: 'Samsung Galaxy A05 64 GB Negro', brand: 'Samsung', category: 'Smartphones', model: 'SM-A055M', price: '449900.00', stock: 3, taxExempt: true, attributes: [['Color', 'Negro'], ['Almacenamiento', '64 GB'], ['RAM', '4 GB']] },
  { sku: 'IPH15-128-NEG', name: 'Apple iPhone 15 128 GB Negro', brand: 'Apple', category: 'Smartphones', model: 'A3090', price: '4299900.00', stock: 10, attributes: [['Color', 'Negro'], ['Almacenamiento', '128 GB'], ['Pantalla', '6,1" Super Retina XDR']] },
  { sku: 'IPH15PM-256-TIT', name: 'Apple iPhone 15 Pro Max 256 GB Titanio natural', brand: 'Apple', category: 'Smartphones', model: 'A3106', price: '6899900.00', stock: 4, attributes: [['Color', 'Titanio natural'], ['Almacenamiento', '256 GB']] },
  { sku: 'IPH13-128-MED', name: 'Apple iPhone 13 128 GB Medianoche', brand: 'Apple', category: 'Smartphones', model: 'A2633', price: '2899900.00', stock: 0, discontinued: true, attributes: [['Color', 'Medianoche'], ['Almacenamiento', '128 GB']] },
  { sku: 'XIA-RN13P-256-NEG', name: 'Xiaomi Redmi Note 13 Pro 256 GB Negro', brand: 'Xiaomi', category: 'Smartphones', model: '23117RA68G', price: '1299900.00', stock: 22, attributes: [['Color', 'Negro medianoche'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB'], ['Cámara', '200 MP']] },
  { sku: 'XIA-RN13-128-AZU', name: 'Xiaomi Redmi Note 13 128 GB Azul hielo', brand: 'Xiaomi', category: 'Smartphones', model: '23129RAA4G', price: '849900.00', stock: 35, taxExempt: true, attributes: [['Color', 'Azul hielo'], ['Almacenamiento', '128 GB'], ['RAM', '6 GB']] },
  { sku: 'XIA-R13C-128-VER', name: 'Xiaomi Redmi 13C 128 GB Verde trébol', brand: 'Xiaomi', category: 'Smartphones', model: '23100RN82L', price: '549900.00', stock: 2, taxExempt: true, attributes: [['Color', 'Verde trébol'], ['Almacenamiento', '128 GB'], ['RAM', '4 GB']] },
  { sku: 'XIA-14T-512-GRI', name: 'Xiaomi 14T 512 GB Gris titanio', brand: 'Xiaomi', category: 'Smartphones', model: '2406APNFAG', price: '2999900.00', stock: 6, attributes: [['Color', 'Gris titanio'], ['Almacenamiento', '512 GB'], ['RAM', '12 GB']] },
  { sku: 'MOT-G84-256-AZU', name: 'Motorola moto g84 5G 256 GB Azul', brand: 'Motorola', category: 'Smartphones', model: 'XT2347-1', price: '1099900.00', stock: 18, attributes: [['Color', 'Marshmallow Blue'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'MOT-E14-64-GRI', name: 'Motorola moto e14 64 GB Gris', brand: 'Motorola', category: 'Smartphones', model: 'XT2421-3', price: '399900.00', stock: 28, taxExempt: true, attributes: [['Color', 'Graphite Grey'], ['Almacenamiento', '64 GB'], ['RAM', '2 GB']] },
  { sku: 'MOT-EDGE50F-256', name: 'Motorola edge 50 fusion 256 GB', brand: 'Motorola', category: 'Smartphones', model: 'XT2429-2', price: '1799900.00', stock: 9, attributes: [['Color', 'Forest Blue'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'HUA-NOVA12S-256', name: 'Huawei nova 12s 256 GB Negro', brand: 'Huawei', category: 'Smartphones', model: 'FOA-LX9', price: '1699900.00', stock: 7, attributes: [['Color', 'Negro'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'HON-X8B-256-PLA', name: 'Honor X8b 256 GB Plateado', brand: 'Honor', category: 'Smartphones', model: 'LLY-LX3', price: '1149900.00', stock: 14, attributes: [['Color', 'Plateado titanio'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'HON-MAGIC6L-256', name: 'Honor Magic6 Lite 5G 256 GB', brand: 'Honor', category: 'Smartphones', model: 'ALI-NX1', price: '1599900.00', stock: 5, attributes: [['Color', 'Verde esmeralda'], ['Almacenamiento', '256 GB'], ['RAM', '8 GB']] },
  { sku: 'TPL-ARCHER-C6', name: 'Router TP-Link Archer C6 AC1200 doble banda', brand: 'TP-Link', category: 'Routers y módems', model: 'Archer C6 v3', price: '159900.00', stock: 20, reorderLevel: 8, attributes: [['Wi-Fi', 'Wi-Fi 5 (802.11ac)'], ['Velocidad', '1200 Mbps'], ['Puertos', '4 Gigabit LAN']] },
  { sku: 'TPL-ARCHER-AX23', name: 'Router TP-Link Archer AX23 AX1800 Wi-Fi 6', brand: 'TP-Link', category: 'Routers y módems', model: 'Archer AX23', price: '299900.00', stock: 15, reorderLevel: 8, attributes: [['Wi-Fi', 'Wi-Fi 6 (802.11ax)'], ['Velocidad', '1800 Mbps']] },
  { sku: 'TPL-DECO-X20-2P', name: 'Sistema Mesh TP-Link Deco X20 (2 unidades)', brand: 'TP-Link', category: 'Routers y módems', model: 'Deco X20', price: '749900.00', stock: 6, attributes: [['Wi-Fi', 'Wi-Fi 6'], ['Cobertura', 'hasta 370 m²'], ['Unidades', '2']] },
  { sku: 'TPL-RE315', name: 'Extensor de señal TP-Link RE315 AC1200', brand: 'TP-Link', category: 'Routers y módems', model: 'RE315', price: '119900.00', stock: 4, reorderLevel: 8, attributes: [['Wi-Fi', 'Wi-Fi 5'], ['Velocidad', '1200 Mbps']] },
  { sku: 'HUA-B311-4G', name: 'Router Huawei B311 4G LTE', brand: 'Huawei', category: 'Routers y módems', model: 'B311-521', price: '329900.00', stock: 10, attributes: [['Red', '4G LTE Cat. 4'], ['Usuarios', 'hasta 32']] },
  { sku: 'TPL-M7350', name: 'MiFi TP-Link M7350 4G LTE', brand: 'TP-Link', category: 'Routers y módems', model: 'M7350', price: '289900.00', stock: 8, attributes: [['Red', '4G LTE'], ['Batería', '2000 mAh']] },
  { sku: 'SAM-EP-T2510-NEG', name: 'Cargador Samsung 25 W USB-C', brand: 'Samsung', category: 'Accesorios', model: 'EP-T2510', price: '89900.00', stock: 60, reorderLevel: 15, attributes: [['Potencia', '25 W'], ['Conector', 'USB-C']] },
  { sku: 'APL-MHJ83-20W', name: 'Adaptador de corriente Apple USB-C de 20 W', brand: 'Apple', category: 'Accesorios', model: 'MHJ83AM/A', price: '119900.00', stock: 25, reorderLevel: 10, attributes: [['Potencia', '20 W'], ['Conector', 'USB-C']] },
  { sku: 'XIA-PB-20000', name: 'Batería portátil Xiaomi 20000 mAh 22,5 W', brand: 'Xiaomi', category: 'Accesorios', model: 'PB2022ZM', price: '129900.00', stock: 3, reorderLevel: 10, attributes: [['Capacidad', '20000 mAh'], ['Potencia', '22,5 W']] },
  { sku: 'SAM-BUDS-FE-GRA', name: 'Audífonos Samsung Galaxy Buds FE Grafito', brand: 'Samsung', category: 'Accesorios', model: 'SM-R400N', price: '399900.00', stock: 15, attributes: [['Color', 'Grafito'], ['Cancelación de ruido', 'Activa']] },
  { sku: 'APL-AIRPODS-2', name: 'Apple AirPods (2.ª generación)', brand: 'Apple', category: 'Accesorios', model: 'MV7N2AM/A', price: '699900.00', stock: 12, attributes: [['Estuche', 'de carga Lightning']] },
  { sku: 'MOT-CABLE-USBC-1M', name: 'Cable Motorola USB-C a USB-C 1 m', brand: 'Motorola', category: 'Accesorios', model: 'SJ18D', price: '39900.00', stock: 80, reorderLevel: 20, attributes: [['Longitud', '1 m'], ['Conector', 'USB-C a USB-C']] },
  { sku: 'SAM-TAB-A9P-128', name: 'Samsung Galaxy Tab A9+ 128 GB Wi-Fi', brand: 'Samsung', category: 'Tablets', model: 'SM-X210', price: '1099900.00', stock: 9, attributes: [['Pantalla', '11"'], ['Almacenamiento', '128 GB'], ['Conectividad', 'Wi-Fi']] },
  { sku: 'APL-IPAD10-64', name: 'Apple iPad (10.ª generación) 64 GB Wi-Fi', brand: 'Apple', category: 'Tablets', model: 'A2696', price: '2299900.00', stock: 5, attributes: [['Pantalla', '10,9" Liquid Retina'], ['Almacenamiento', '64 GB']] },
  { sku: 'XIA-PAD6-128', name: 'Xiaomi Pad 6 128 GB', brand: 'Xiaomi', category: 'Tablets', model: '23043RP34G', price: '1599900.00', stock: 7, attributes: [['Pantalla', '11" 144 Hz'], ['Almacenamiento', '128 GB'], ['RAM', '6 GB']] },
  { sku: 'HUA-MATEPAD-SE11', name: 'Huawei MatePad SE 11 128 GB', brand: 'Huawei', category: 'Tablets', model: 'AGS6-W09', price: '999900.00', stock: 11, attributes: [['Pantalla', '11"'], ['Almacenamiento', '128 GB']] },
  { sku: 'SAM-WATCH6-40-GRA', name: 'Samsung Galaxy Watch6 40 mm Bluetooth Grafito', brand: 'Samsung', category: 'Wearables', model: 'SM-R930', price: '1199900.00', stock: 8, attributes: [['Tamaño', '40 mm'], ['Conectividad', 'Bluetooth']] },
  { sku: 'APL-WATCH-SE2-40', name: 'Apple Watch SE (2.ª generación) GPS 40 mm', brand: 'Apple', category: 'Wearables', model: 'A2722', price: '1399900.00', stock: 6, attributes: [['Tamaño', '40 mm'], ['Conectividad', 'GPS']] },
  { sku: 'XIA-BAND8-NEG', name: 'Xiaomi Smart Band 8 Negro', brand: 'Xiaomi', category: 'Wearables', model: 'M2239B1', price: '189900.00', stock: 30, reorderLevel: 10, attributes: [['Pantalla', '1,62" AMOLED'], ['Batería', 'hasta 16 días']] },
  { sku: 'HUA-BAND9-NEG', name: 'Huawei Band 9 Negro', brand: 'Huawei', category: 'Wearables', model: 'KIM-B19', price: '219900.00', stock: 2, attributes: [['Pantalla', '1,47" AMOLED'], ['Batería', 'hasta 14 días']] },
];

const DELIVERY_REASONS = ['Entrega del proveedor', 'Traslado desde bodega central', 'Reposición de inventario'];
const COUNT_REASONS = ['Conteo físico mensual', 'Unidad dañada en exhibición', 'Diferencia en inventario'];

/**
 * The catalog of a Claro store: real brands, categories and 30+ products with prices in COP, their
 * opening stock (backdated two years, so sales can be seeded over the last 18 months) and a few
 * deliveries and counts in the ledger. Some products stay at or below their reorder level; one is
 * discontinued.
 */
export async function seedCatalogDemo(ctx: RequestContext, random: SeededRandom): Promise<string> {
  const brands = new Map<string, Brand>(BRANDS.map(([name, country]) => [name, createBrand(ctx, { name, country })]));
  const categories = new Map<string, ProductCategory>(CATEGORIES.map((name) => [name, createProductCategory(ctx, { name })]));
  await ctx.em.flush();

  const products: Product[] = [];
  for (const seed of PRODUCTS) {
    products.push(
      await createProduct(ctx, {
        sku: seed.sku,
        name: seed.name,
        brandId: brands.get(seed.brand)!.id,
        categoryId: categories.get(seed.category)!.id,
        model: seed.model,
        description: null,
        attributes: seed.attributes.map(([name, value]) => ({ name, value })),
        price: { amount: new Decimal(seed.price) },
        taxExempt: seed.taxExempt ?? false,
        stock: seed.stock,
        reorderLevel: seed.reorderLevel ?? null,
      }),
    );
  }
  await ctx.em.flush();

  const twoYearsAgo = Date.now() - 730 * 86_400_000;
  for (const product of products) {
    const createdAt = new Date(twoYearsAgo + random.int(0, 60) * 86_400_000);
    await ctx.em.nativeUpdate(Product, { id: product.id }, { createdAt, updatedAt: createdAt });
    await ctx.em.nativeUpdate(StockMovement, { product: product.id }, { createdAt });
  }

  // Deliveries and counts for the well-stocked products; the low ones stay low.
  for (const product of products.filter((p) => p.stock > p.reorderLevel + 2)) {
    if (random.chance(0.4)) await adjustStock(ctx, product.id, random.int(5, 20), random.pick(DELIVERY_REASONS));
    if (random.chance(0.2)) await adjustStock(ctx, product.id, -random.int(1, 2), random.pick(COUNT_REASONS));
  }
  for (const [i, seed] of PRODUCTS.entries()) {
    if (seed.discontinued) await updateProduct(ctx, products[i].id, { status: ProductStatus.DISCONTINUED });
  }
  await ctx.em.flush();

  const low = (await listLowStockProducts(ctx)).length;
  const movements = await ctx.em.count(StockMovement, {});
  const discontinued = PRODUCTS.filter((p) => p.discontinued).length;
  return `${brands.size} brands, ${categories.size} categories, ${products.length} products (${low} at or below their reorder level, ${discontinued} discontinued), ${movements} stock movements`;
}
