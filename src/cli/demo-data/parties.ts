import type { DemoParty } from './demo-forum.types';

/**
 * Sixty fictional organisations from China and the ten ASEAN countries. Names are invented for the
 * demo; any likeness to a real organisation is accidental.
 */
export const DEMO_PARTIES: DemoParty[] = [
  // China
  { key: 'cn-bbw-solar', name: '广西北部湾光伏科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '专注海岛与偏远地区光伏微电网的设计、制造与运维。' },
  { key: 'cn-yn-agri-univ', name: '滇南农业大学', country: 'CN', kind: 'university', languages: ['zh', 'en'], description: '热带作物、稻作和农业机械化研究见长的省属高校。' },
  { key: 'cn-biogas-institute', name: '西南沼气与生物质能研究所', country: 'CN', kind: 'research-institute', languages: ['zh', 'en'], description: '从事秸秆沼气、生物质气化和有机肥技术研究与推广。' },
  { key: 'cn-tropical-forestry', name: '南方热带林业研究院', country: 'CN', kind: 'research-institute', languages: ['zh', 'en'], description: '红树林恢复、滨海湿地和热带人工林研究机构。' },
  { key: 'cn-ruikang-dx', name: '广州瑞康生物诊断有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '免疫层析快速检测试剂和分子诊断产品制造商。' },
  { key: 'cn-kanglian-telemed', name: '深圳康联远程医疗科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '面向基层医疗机构的远程会诊和移动医疗平台提供商。' },
  { key: 'cn-binggang-coldchain', name: '南宁冰港冷链科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '水果预冷、冷库和冷藏集装箱的一体化冷链服务商。' },
  { key: 'cn-yunfu-pay', name: '杭州云付科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '为小微商户提供二维码收款、电子钱包和跨境结算的金融科技公司。' },
  { key: 'cn-zhigang-port', name: '青岛智港科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '自动化码头、港口操作系统和集装箱智能识别解决方案提供商。' },
  { key: 'cn-gx-univ', name: '桂中大学', country: 'CN', kind: 'university', languages: ['zh', 'en'], description: '在甘蔗、生物质能源和亚热带农业工程方面有深厚积累。' },
  { key: 'cn-ctatc', name: '中国—东盟技术转移协作中心（示范）', country: 'CN', kind: 'intermediary', languages: ['zh', 'en'], description: '组织中国与东盟国家之间的技术对接、培训和示范项目。' },
  { key: 'cn-mindian-storage', name: '闽电储能电池科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '磷酸铁锂和钠离子储能电池系统制造商。' },
  { key: 'cn-qingyuan-water', name: '北京清源水处理技术有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '膜法水处理、农村饮用水净化和污水处理设备供应商。' },
  { key: 'cn-feinong-drone', name: '广州飞农无人机科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '植保无人机、农田遥感和精准施药服务商。' },
  { key: 'cn-energy-cas', name: '华南新能源研究所', country: 'CN', kind: 'research-institute', languages: ['zh', 'en'], description: '生物质气化发电、太阳能热利用和海洋能研究机构。' },
  { key: 'cn-gx-medical-univ', name: '邕江医科大学', country: 'CN', kind: 'university', languages: ['zh', 'en'], description: '热带病防治、基层卫生和医学影像研究见长的医科大学。' },
  { key: 'cn-yinglian-ai', name: '上海影联智能医疗科技有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '医学影像人工智能辅助诊断软件开发商。' },
  { key: 'cn-lvxing-ev', name: '柳州绿行电动车有限公司', country: 'CN', kind: 'enterprise', languages: ['zh', 'en'], description: '电动两轮车、换电柜和电池管理系统制造商。' },
  // Thailand
  { key: 'th-lanta-energy', name: 'สหกรณ์พลังงานชุมชนเกาะลันตา', country: 'TH', kind: 'intermediary', languages: ['th', 'en'], description: 'สหกรณ์ผู้ใช้ไฟฟ้าบนเกาะในจังหวัดกระบี่ ที่ยังพึ่งพาเครื่องปั่นไฟดีเซล' },
  { key: 'th-chanthaburi-durian', name: 'บริษัท จันทบุรีผลไม้ส่งออก จำกัด', country: 'TH', kind: 'enterprise', languages: ['th', 'en'], description: 'ผู้รวบรวมและส่งออกทุเรียนและมังคุดจากภาคตะวันออกไปจีน' },
  { key: 'th-ubon-rice', name: 'วิสาหกิจชุมชนข้าวหอมมะลิอุบลราชธานี', country: 'TH', kind: 'enterprise', languages: ['th'], description: 'กลุ่มเกษตรกรปลูกข้าวหอมมะลิและโรงสีชุมชนในภาคตะวันออกเฉียงเหนือ' },
  { key: 'th-nan-health', name: 'สำนักงานสาธารณสุขจังหวัดน่าน', country: 'TH', kind: 'government-agency', languages: ['th'], description: 'ดูแลโรงพยาบาลส่งเสริมสุขภาพตำบลในพื้นที่ภูเขาห่างไกล' },
  { key: 'th-andaman-univ', name: 'มหาวิทยาลัยเทคโนโลยีอันดามัน', country: 'TH', kind: 'university', languages: ['th', 'en'], description: 'มหาวิทยาลัยด้านวิทยาศาสตร์ทางทะเล ชายฝั่ง และการท่องเที่ยวยั่งยืน' },
  { key: 'th-eastern-port', name: 'บริษัท ท่าเรืออัจฉริยะชายฝั่งตะวันออก จำกัด', country: 'TH', kind: 'enterprise', languages: ['th', 'en'], description: 'ผู้ประกอบการท่าเทียบเรือตู้สินค้าในเขตระเบียงเศรษฐกิจพิเศษภาคตะวันออก' },
  { key: 'th-smart-farm', name: 'บริษัท สมาร์ทฟาร์มไทย จำกัด', country: 'TH', kind: 'enterprise', languages: ['th', 'en'], description: 'ผู้พัฒนาเซ็นเซอร์และแอปพลิเคชันเกษตรแม่นยำสำหรับเกษตรกรรายย่อย' },
  // Vietnam
  { key: 'vn-dongthap-rice', name: 'Hợp tác xã Lúa gạo Đồng Tháp Xanh', country: 'VN', kind: 'enterprise', languages: ['vi'], description: 'Hợp tác xã trồng và xay xát lúa gạo ở Đồng bằng sông Cửu Long.' },
  { key: 'vn-cuulong-univ', name: 'Trường Đại học Nông nghiệp Cửu Long', country: 'VN', kind: 'university', languages: ['vi', 'en'], description: 'Nghiên cứu xâm nhập mặn, rừng ngập mặn và nuôi trồng thủy sản vùng đồng bằng.' },
  { key: 'vn-southern-health', name: 'Viện Y tế Dự phòng Nam Bộ', country: 'VN', kind: 'research-institute', languages: ['vi', 'en'], description: 'Giám sát dịch tễ, sốt xuất huyết và các bệnh truyền nhiễm ở phía Nam.' },
  { key: 'vn-saoviet-pay', name: 'Công ty Cổ phần Thanh toán Sao Việt', country: 'VN', kind: 'enterprise', languages: ['vi', 'en'], description: 'Ví điện tử và thanh toán QR cho tiểu thương, chợ truyền thống.' },
  { key: 'vn-haiphong-port', name: 'Công ty Cảng Xanh Hải Phòng', country: 'VN', kind: 'enterprise', languages: ['vi', 'en'], description: 'Khai thác cảng container tại Hải Phòng, đang chuyển đổi số.' },
  { key: 'vn-ninhthuan-solar', name: 'Công ty Năng lượng Mặt trời Ninh Thuận', country: 'VN', kind: 'enterprise', languages: ['vi', 'en'], description: 'Phát triển và vận hành các dự án điện mặt trời mái nhà và nông nghiệp.' },
  // Indonesia
  { key: 'id-ntt-health', name: 'Dinas Kesehatan Provinsi Nusa Tenggara Timur', country: 'ID', kind: 'government-agency', languages: ['id'], description: 'Mengelola puskesmas di pulau-pulau terpencil di Nusa Tenggara Timur.' },
  { key: 'id-nusantara-univ', name: 'Universitas Teknologi Nusantara', country: 'ID', kind: 'university', languages: ['id', 'en'], description: 'Universitas teknik dengan pusat studi energi terbarukan dan pesisir.' },
  { key: 'id-sulawesi-mangrove', name: 'Yayasan Mangrove Pesisir Sulawesi', country: 'ID', kind: 'intermediary', languages: ['id', 'en'], description: 'Yayasan yang memulihkan hutan mangrove bersama kelompok nelayan.' },
  { key: 'id-pulau-energi', name: 'PT Energi Pulau Nusantara', country: 'ID', kind: 'enterprise', languages: ['id', 'en'], description: 'Pengembang listrik desa dan pulau kecil di Indonesia bagian timur.' },
  { key: 'id-dompet-pasar', name: 'PT Dompet Pasar Digital', country: 'ID', kind: 'enterprise', languages: ['id', 'en'], description: 'Aplikasi kasir dan pembayaran untuk warung dan pedagang pasar.' },
  { key: 'id-sawit-hijau', name: 'PT Sawit Hijau Lestari', country: 'ID', kind: 'enterprise', languages: ['id'], description: 'Perkebunan dan pabrik kelapa sawit di Kalimantan Tengah.' },
  // Malaysia
  { key: 'my-sabah-rural-energy', name: 'Agensi Tenaga Luar Bandar Sabah', country: 'MY', kind: 'government-agency', languages: ['ms', 'en'], description: 'Agensi yang membekalkan elektrik kepada kampung pedalaman dan pulau di Sabah.' },
  { key: 'my-pantai-timur-univ', name: 'Universiti Teknologi Pantai Timur', country: 'MY', kind: 'university', languages: ['ms', 'en'], description: 'Universiti dengan kepakaran pasca tuai buah tropika dan akuakultur.' },
  { key: 'my-pahang-durian', name: 'Koperasi Pekebun Durian Raub Pahang', country: 'MY', kind: 'enterprise', languages: ['ms'], description: 'Koperasi pekebun durian Musang King untuk pasaran eksport.' },
  { key: 'my-melaka-port', name: 'Pelabuhan Pintar Selat Melaka Sdn Bhd', country: 'MY', kind: 'enterprise', languages: ['ms', 'en'], description: 'Pengendali terminal kontena dan logistik di Selat Melaka.' },
  { key: 'my-klinik-digital', name: 'Klinik Desa Digital Sdn Bhd', country: 'MY', kind: 'enterprise', languages: ['ms', 'en'], description: 'Penyedia platform teleperubatan untuk klinik desa.' },
  // Philippines
  { key: 'ph-palawan-coop', name: 'Northern Palawan Island Electric Cooperative', country: 'PH', kind: 'intermediary', languages: ['en'], description: 'Electric cooperative serving island barangays that run on diesel generators.' },
  { key: 'ph-visayas-health', name: 'Visayas Regional Health Office', country: 'PH', kind: 'government-agency', languages: ['en'], description: 'Regional health office supervising rural health units and barangay health stations.' },
  { key: 'ph-mindanao-poly', name: 'Mindanao Coastal Polytechnic University', country: 'PH', kind: 'university', languages: ['en'], description: 'State university with programmes in fisheries, coastal ecology and renewable energy.' },
  { key: 'ph-sarisari-pay', name: 'Sari-Sari Pay Inc.', country: 'PH', kind: 'enterprise', languages: ['en'], description: 'Digital payments and inventory app for neighbourhood sari-sari stores.' },
  // Singapore
  { key: 'sg-portmind', name: 'PortMind Analytics Pte Ltd', country: 'SG', kind: 'enterprise', languages: ['en', 'zh'], description: 'Port-call optimisation and terminal digital twins.' },
  { key: 'sg-marina-poly', name: 'Marina Polytechnic Applied Research Centre', country: 'SG', kind: 'research-institute', languages: ['en'], description: 'Applied research in urban water, cooling and food technology.' },
  { key: 'sg-lioncity-dx', name: 'Lion City Diagnostics Pte Ltd', country: 'SG', kind: 'enterprise', languages: ['en'], description: 'Point-of-care diagnostics for tropical infectious diseases.' },
  { key: 'sg-coldlink', name: 'ColdLink Asia Pte Ltd', country: 'SG', kind: 'enterprise', languages: ['en'], description: 'Temperature monitoring and traceability for perishable exports.' },
  // Cambodia
  { key: 'kh-battambang-health', name: 'Battambang Provincial Health Department', country: 'KH', kind: 'government-agency', languages: ['km', 'en'], description: 'Provincial health department running health centres along the Tonle Sap.' },
  { key: 'kh-rice-millers', name: 'Cambodia Rice Millers Cooperative', country: 'KH', kind: 'enterprise', languages: ['km', 'en'], description: 'Cooperative of rice mills in Battambang and Prey Veng.' },
  { key: 'kh-tonle-sap-energy', name: 'Tonle Sap Floating Villages Energy Initiative', country: 'KH', kind: 'intermediary', languages: ['km', 'en'], description: 'NGO bringing clean power and safe water to floating villages.' },
  // Laos
  { key: 'la-champasak-poly', name: 'Champasak Polytechnic Institute', country: 'LA', kind: 'university', languages: ['lo', 'en'], description: 'Technical institute training engineers for southern Laos.' },
  { key: 'la-luangprabang-hospital', name: 'Luang Prabang Provincial Hospital', country: 'LA', kind: 'government-agency', languages: ['lo', 'en'], description: 'Referral hospital for district hospitals in northern Laos.' },
  { key: 'la-bolaven-agri', name: 'Bolaven Plateau Producers Association', country: 'LA', kind: 'intermediary', languages: ['lo', 'en'], description: 'Association of coffee, tea and fruit farmers on the Bolaven plateau.' },
  // Myanmar
  { key: 'mm-ayeyarwady-mangrove', name: 'Ayeyarwady Delta Mangrove Network', country: 'MM', kind: 'intermediary', languages: ['my', 'en'], description: 'Network of village groups replanting mangroves in the delta.' },
  { key: 'mm-rural-clinics', name: 'Yangon Rural Clinics Foundation', country: 'MM', kind: 'intermediary', languages: ['my', 'en'], description: 'Foundation supporting village clinics in Yangon and Bago regions.' },
  // Brunei
  { key: 'bn-innovation', name: 'Pusat Inovasi Maritim Brunei', country: 'BN', kind: 'government-agency', languages: ['ms', 'en'], description: 'Pusat kerajaan yang menyokong pelabuhan, akuakultur dan ekonomi biru.' },
  { key: 'bn-health-college', name: 'Kolej Sains Kesihatan Brunei', country: 'BN', kind: 'university', languages: ['ms', 'en'], description: 'Kolej yang melatih jururawat dan juruteknologi makmal perubatan.' },
];
