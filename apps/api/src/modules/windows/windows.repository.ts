import { Injectable } from '@nestjs/common';
import type { Prisma, ReferralWindow } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

@Injectable()
export class WindowsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findAll(): Promise<ReferralWindow[]> {
    return this.prisma.client.referralWindow.findMany({ orderBy: { slug: 'asc' } });
  }

  findBySlug(slug: string): Promise<ReferralWindow | null> {
    return this.prisma.client.referralWindow.findUnique({ where: { slug } });
  }

  update(slug: string, data: Prisma.ReferralWindowUpdateInput): Promise<ReferralWindow> {
    return this.prisma.client.referralWindow.update({ where: { slug }, data });
  }
}
