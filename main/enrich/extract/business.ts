import type { FactInput } from '../../core/domain';
import { clean, listOf, textOf, typesOf, type JsonLdNode } from '../html-page';
import { fact, type ExtractContext } from './context';

/** schema.org types that describe a business (LocalBusiness and its common subtypes, Organization). */
const BUSINESS_TYPES = new Set([
  'LocalBusiness', 'Organization', 'Corporation', 'ProfessionalService', 'Dentist', 'Physician', 'MedicalBusiness', 'MedicalClinic', 'MedicalOrganization',
  'Hospital', 'Pharmacy', 'Optician', 'Attorney', 'LegalService', 'Notary', 'AccountingService', 'FinancialService', 'InsuranceAgency', 'RealEstateAgent',
  'Restaurant', 'FoodEstablishment', 'CafeOrCoffeeShop', 'Bakery', 'BarOrPub', 'Winery', 'Store', 'ClothingStore', 'Florist', 'HomeAndConstructionBusiness',
  'Plumber', 'Electrician', 'GeneralContractor', 'HousePainter', 'RoofingContractor', 'Locksmith', 'HVACBusiness', 'AutomotiveBusiness', 'AutoRepair',
  'AutoDealer', 'HealthAndBeautyBusiness', 'BeautySalon', 'HairSalon', 'DaySpa', 'ExerciseGym', 'SportsActivityLocation', 'LodgingBusiness', 'Hotel',
  'TravelAgency', 'EducationalOrganization', 'ChildCare', 'EmploymentAgency', 'EntertainmentBusiness', 'ShoppingCenter', 'OnlineStore', 'NGO',
]);

export function isBusinessNode(node: JsonLdNode): boolean {
  return typesOf(node).some((t) => BUSINESS_TYPES.has(t) || /(Business|Store|Service|Clinic|Restaurant|Organization|Agency|Contractor|Shop)$/.test(t));
}

export function formatPostalAddress(value: unknown): string | undefined {
  if (typeof value === 'string') return clean(value, 300) || undefined;
  const a = listOf(value)[0];
  if (!a || typeof a !== 'object') return undefined;
  const o = a as Record<string, unknown>;
  const street = textOf(o.streetAddress);
  const town = [textOf(o.postalCode), textOf(o.addressLocality)].filter(Boolean).join(' ');
  const parts = [street, town, textOf(o.addressRegion), textOf(o.addressCountry)].filter((p): p is string => !!p);
  return parts.length ? clean(parts.join(', '), 300) : undefined;
}

const DAY: Record<string, string> = { Monday: 'Mo', Tuesday: 'Tu', Wednesday: 'We', Thursday: 'Th', Friday: 'Fr', Saturday: 'Sa', Sunday: 'Su', PublicHolidays: 'PH' };

function openingHours(node: JsonLdNode): string | undefined {
  const plain = listOf(node.openingHours).filter((v): v is string => typeof v === 'string');
  if (plain.length) return clean(plain.join('; '), 300);
  const specs = listOf(node.openingHoursSpecification);
  const lines: string[] = [];
  for (const s of specs) {
    if (!s || typeof s !== 'object') continue;
    const o = s as Record<string, unknown>;
    const days = listOf(o.dayOfWeek)
      .map((d) => (typeof d === 'string' ? d.replace(/^.*[/:]/, '') : ''))
      .map((d) => DAY[d] ?? d)
      .filter(Boolean);
    const opens = textOf(o.opens);
    const closes = textOf(o.closes);
    if (days.length && opens && closes) lines.push(`${days.join(',')} ${opens.slice(0, 5)}-${closes.slice(0, 5)}`);
  }
  return lines.length ? lines.join('; ') : undefined;
}

/** schema.org LocalBusiness / Organization data: the business itself, its address, hours, description. */
export function extractBusiness(ctx: ExtractContext): FactInput[] {
  const out: FactInput[] = [];
  for (const node of ctx.page.jsonLd.filter(isBusinessNode).slice(0, 5)) {
    const name = textOf(node.name);
    const address = formatPostalAddress(node.address);
    const hours = openingHours(node);
    const description = textOf(node.description);
    const detail: Record<string, unknown> = { schema_type: typesOf(node).join(', ') };
    const put = (k: string, v: unknown) => {
      if (v !== undefined && v !== '') detail[k] = v;
    };
    put('name', name && clean(name, 200));
    put('url', textOf(node.url));
    put('telephone', textOf(node.telephone));
    put('email', textOf(node.email));
    put('address', address);
    put('price_range', textOf(node.priceRange));
    put('founding_date', textOf(node.foundingDate));
    put('opening_hours', hours);
    const geo = listOf(node.geo)[0] as Record<string, unknown> | undefined;
    if (geo && typeof geo === 'object') put('geo', { lat: Number(textOf(geo.latitude)), lng: Number(textOf(geo.longitude)) });
    const rating = listOf(node.aggregateRating)[0] as Record<string, unknown> | undefined;
    if (rating && typeof rating === 'object') put('rating', { value: Number(textOf(rating.ratingValue)), count: Number(textOf(rating.reviewCount) ?? textOf(rating.ratingCount)) });
    if (name) out.push(fact(ctx, 'business', clean(name, 200), 'json_ld', 0.9, detail));
    if (address) out.push(fact(ctx, 'address', address, 'json_ld', 0.9));
    if (hours) out.push(fact(ctx, 'opening_hours', hours, 'json_ld', 0.85));
    if (description) out.push(fact(ctx, 'description', clean(description, 500), 'json_ld', 0.8));
  }
  // Microdata (itemscope/itemtype) says the same for sites without JSON-LD.
  ctx.page.$('[itemscope][itemtype*="schema.org/"]').each((_, el) => {
    const scope = ctx.page.$(el);
    const type = (scope.attr('itemtype') ?? '').replace(/^.*\//, '');
    if (!(BUSINESS_TYPES.has(type) || /(Business|Store|Service|Organization)$/.test(type))) return;
    const prop = (p: string) => {
      const e = scope.find(`[itemprop="${p}"]`).first();
      return clean(e.attr('content') ?? e.text(), 200) || undefined;
    };
    const name = prop('name');
    const addrScope = scope.find('[itemprop="address"]').first();
    const address = addrScope.length
      ? clean(['streetAddress', 'postalCode', 'addressLocality', 'addressCountry'].map((p) => addrScope.find(`[itemprop="${p}"]`).first().text()).filter((s) => s.trim()).join(', '), 300)
      : undefined;
    if (name) out.push(fact(ctx, 'business', name, 'meta', 0.8, { schema_type: type, source: 'microdata', address }));
    if (address) out.push(fact(ctx, 'address', address, 'meta', 0.8, { source: 'microdata' }));
  });
  return out;
}
