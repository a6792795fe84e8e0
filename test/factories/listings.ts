import request from 'supertest';
import { bearer } from './accounts';

type Http = Parameters<typeof request>[0];

/** A Chinese photovoltaic micro-grid offer: the forum's most typical listing. */
export const chineseSolarOffer = {
  title: '海岛光伏微电网成套技术',
  summary: '光伏组件、储能电池与智能调度一体化的离网微电网。',
  description:
    '本技术为海岛和偏远村庄提供分布式光伏发电与储能一体化微电网解决方案，包括高效光伏组件、锂电池储能系统和能量管理系统，可替代柴油发电，降低用电成本。已在广西多个海岛示范运行三年。',
  advantages: '发电成本比柴油低一半，模块化安装，适应高温高湿气候。',
  keywords: ['光伏', '微电网', '储能'],
  trl: 8,
  transferModes: ['licensing', 'technical-services'],
};

/** A Thai need for solar power on islands, with no word in common with the offer. */
export const thaiSolarNeed = {
  title: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ',
  summary: 'หาเทคโนโลยีโซลาร์เซลล์พร้อมแบตเตอรี่กักเก็บพลังงานสำหรับชุมชนบนเกาะ',
  description:
    'องค์กรของเราต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์และแบตเตอรี่กักเก็บพลังงาน สำหรับชุมชนบนเกาะในจังหวัดกระบี่ที่ยังใช้เครื่องปั่นไฟดีเซล ต้องการไมโครกริดที่ดูแลรักษาง่ายและทนต่อสภาพอากาศร้อนชื้น',
  requirements: 'กำลังผลิต 200 กิโลวัตต์ ทำงานได้โดยไม่ต้องเชื่อมต่อกับระบบสายส่ง',
  keywords: ['โซลาร์เซลล์', 'ไมโครกริด'],
  minTrl: 6,
  transferModes: ['licensing', 'joint-venture'],
};

/** A Vietnamese digital-payments offer: nothing in common with a health need. */
export const vietnamesePaymentsOffer = {
  title: 'Nền tảng thanh toán QR cho tiểu thương',
  description:
    'Giải pháp thanh toán di động bằng mã QR cho các cửa hàng nhỏ và chợ truyền thống, tích hợp ví điện tử và quản lý bán hàng trên điện thoại thông minh.',
  trl: 9,
  transferModes: ['licensing'],
};

export async function createListing(http: Http, token: string, kind: 'offers' | 'needs', body: Record<string, unknown>, expected = 201) {
  const response = await request(http).post(`/api/v1/${kind}`).set(bearer(token)).send(body);
  if (response.status !== expected) throw new Error(`POST /${kind} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
