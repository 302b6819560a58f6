import { Injectable } from '@nestjs/common';
import type { ReferralWindow } from '@madoguchi/db';
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
}
