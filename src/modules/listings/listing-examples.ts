/** Named request examples (OpenAPI examples objects), kept plain so tests can send them. */
export type ListingExamples = Record<string, { summary: string; value: Record<string, unknown> }>;

/**
 * Request examples of the API document, one per forum language a newcomer will meet first
 * (Chinese, Thai, Vietnamese, English): the same kinds of technology the demo forum holds.
 */
export const OFFER_EXAMPLES: ListingExamples = {
  zh: {
    summary: '中文：光伏微电网',
    value: {
      title: '海岛分布式光伏微电网技术',
      summary: '光伏、储能与智能调度一体化，适合无电网村庄',
      description: '适用于海岛和偏远村庄的光伏微电网，含磷酸铁锂储能与智能调度，已在云南和海南运行三年。',
      language: 'zh',
      sector: 'sustainable-development',
      fields: ['sd.renewable-energy', 'sd.energy-storage-grids'],
      keywords: ['光伏', '微电网', '储能'],
      sdgs: [7, 13],
      stage: 'on-the-market',
      ipStatus: 'patent-granted',
      transferModes: ['licensing', 'technical-services'],
      targetCountries: ['ID', 'PH', 'MY'],
      trl: 9,
      advantages: '无人值守运行，度电成本低于柴油发电',
    },
  },
  th: {
    summary: 'ไทย: ชุดตรวจไข้เลือดออกแบบเร็ว',
    value: {
      title: 'ชุดตรวจไข้เลือดออกแบบเร็ว NS1/IgM',
      description: 'ชุดตรวจแอนติเจน NS1 และแอนติบอดี IgM ให้ผลภายใน 15 นาที ใช้ได้ในโรงพยาบาลส่งเสริมสุขภาพตำบล',
      language: 'th',
      sector: 'health',
      fields: ['health.diagnostics'],
      keywords: ['ไข้เลือดออก', 'ชุดตรวจเร็ว'],
      sdgs: [3],
      stage: 'demonstration',
      transferModes: ['licensing', 'joint-rd'],
      targetCountries: ['VN', 'LA', 'KH'],
      trl: 7,
    },
  },
  vi: {
    summary: 'Tiếng Việt: thanh toán di động cho tiểu thương',
    value: {
      title: 'Nền tảng thanh toán mã QR cho tiểu thương',
      description: 'Ví điện tử và thanh toán mã QR cho chợ truyền thống, đối soát tự động và báo cáo doanh thu hằng ngày.',
      language: 'vi',
      sector: 'digital',
      fields: ['digital.fintech', 'digital.e-commerce'],
      transferModes: ['joint-venture', 'technical-services'],
      targetCountries: ['KH', 'LA'],
      status: 'draft',
    },
  },
  en: {
    summary: 'English: rice-straw bioenergy',
    value: {
      title: 'Rice-straw pellet boilers for rural mills',
      description: 'Turns rice straw into fuel pellets for small mills instead of burning it in the fields; 2 t/h lines.',
      language: 'en',
      sector: 'sustainable-development',
      fields: ['sd.renewable-energy', 'sd.agriculture-food'],
      transferModes: ['equipment-supply', 'commercial-with-technical-assistance'],
      trl: 8,
    },
  },
};

export const NEED_EXAMPLES: ListingExamples = {
  zh: {
    summary: '中文：冷链物流',
    value: {
      title: '榴莲出口冷链保鲜技术需求',
      description: '需要从东南亚产地到中国市场的榴莲冷链保鲜方案，保鲜期不少于二十天。',
      language: 'zh',
      sector: 'sustainable-development',
      fields: ['sd.agriculture-food'],
      transferModes: ['technical-services', 'joint-venture'],
      requirements: '冷库温控精度 ±0.5°C，可追溯',
    },
  },
  th: {
    summary: 'ไทย: การแพทย์ทางไกลสำหรับคลินิกชนบท',
    value: {
      title: 'ระบบการแพทย์ทางไกลสำหรับคลินิกชนบท',
      description: 'ต้องการระบบปรึกษาแพทย์ผู้เชี่ยวชาญทางไกลสำหรับคลินิกในพื้นที่ห่างไกลที่มีอินเทอร์เน็ตจำกัด',
      language: 'th',
      sector: 'health',
      fields: ['health.digital-health'],
      transferModes: ['licensing', 'technical-services'],
      minTrl: 7,
      deadline: '2027-06-30',
    },
  },
  vi: {
    summary: 'Tiếng Việt: phục hồi rừng ngập mặn',
    value: {
      title: 'Công nghệ phục hồi rừng ngập mặn ven biển',
      description: 'Cần kỹ thuật ươm và trồng cây ngập mặn chống xói lở bờ biển ở đồng bằng sông Cửu Long.',
      language: 'vi',
      sector: 'sustainable-development',
      fields: ['sd.forestry-biodiversity', 'sd.climate-adaptation'],
      transferModes: ['joint-rd', 'technical-services'],
      sdgs: [13, 14, 15],
    },
  },
  en: {
    summary: 'English: smart-port logistics',
    value: {
      title: 'Container yard scheduling for a mid-size port',
      description: 'We look for yard and berth scheduling software with IoT container tracking for a port of 1 M TEU a year.',
      language: 'en',
      sector: 'digital',
      fields: ['digital.iot-sensors', 'digital.artificial-intelligence'],
      transferModes: ['licensing', 'technical-services'],
      requirements: 'Integrates with our terminal operating system over an API',
    },
  },
};
